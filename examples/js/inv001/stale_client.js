// The request helper stopped retrying mutations; the suppressions stayed behind.
export async function submitJob(payload) {
    // invariant-lint-disable-next-line INV701 -- the helper no longer retries // expect: INV001
    return fetch('/distributed/jobs', { method: 'POST', body: JSON.stringify(payload) });
}

export async function cancelJob(jobId) {
    return fetch(`/distributed/jobs/${jobId}`, { method: 'DELETE' }); // invariant-lint-disable-line INV701 // expect: INV001
}

