// A retry loop the server deduplicates: its suppression still suppresses something.
const MAX_ATTEMPTS = 3;  // expect: INV402

export async function pingWorkers(workers) {
    let attempt = 0;
    while (attempt < MAX_ATTEMPTS) {
        try {
            const response = await fetch('/distributed/ping', { method: 'POST', body: JSON.stringify(workers) }); // invariant-lint-disable-line INV701 -- the endpoint is idempotent
            if (response.ok) return true;
        } catch (error) {
            console.debug('ping failed, retrying', error);
        }
        attempt += 1;
    }
    return false;
}
