// Retry loops written inline around fetch, and a recursive retry helper.
const DELETE_METHOD = 'DELETE';
const MAX_ATTEMPTS = 3;  // expect: INV402
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function removeJob(jobId) {
    let attempt = 0;
    while (attempt < MAX_ATTEMPTS) {
        try {
            const response = await fetch(`/distributed/jobs/${jobId}`, { method: 'DELETE' }); // expect: INV701
            if (response.ok) return true;
        } catch (error) {
            console.debug('remove failed, retrying', error);
        }
        attempt += 1;
        await sleep(250 * attempt);
    }
    return false;
}

export async function clearQueue(baseUrl) {
    for (let attempt = 1; ; attempt++) {
        try {
            await fetch(`${baseUrl}/distributed/clear_queue`, { method: DELETE_METHOD }); // expect: INV701
            break;
        } catch (error) {
            if (attempt >= MAX_ATTEMPTS) {
                throw error;
            }
            await sleep(100);
        }
    }
}

export const interruptWorker = async (worker) => {
    let done = false;
    let tries = 0;
    do {
        try {
            await window.fetch(`http://${worker.host}:${worker.port}/interrupt`, { // expect: INV701
                method: `post`, // template literal without expressions
            });
            done = true;
        } catch {
            tries++;
        }
    } while (!done && tries < MAX_ATTEMPTS);
    return done;
};

// Recursion from the catch is a retry too.
async function send(endpoint, init = {}, retries = 2) {  // expect: INV401
    try {
        const response = await fetch(endpoint, init);
        return await response.json();
    } catch (error) {
        if (retries <= 0) throw error;
        await sleep(500);
        return send(endpoint, init, retries - 1);
    }
}

export const saveWorkflow = (name, workflow) =>
    send(`/distributed/workflows/${encodeURIComponent(name)}`, { method: 'PUT', body: JSON.stringify(workflow) }); // expect: INV701

export const loadWorkflow = (name) => send(`/distributed/workflows/${encodeURIComponent(name)}`);

export const renameWorkflow = (from, to) =>
    send('/distributed/workflows/rename', { method: 'PATCH', body: JSON.stringify({ from, to }) }, 0);
