// Tests pick their own short delays: never flagged.
import { waitForWorker } from '../workerLifecycle.js';

export async function testWaitsBriefly(api) {
    setTimeout(() => api.ready(), 500);
    const RETRY_DELAY_MS = 5;
    for (let attempt = 0; attempt < 3; attempt++) await api.sleep(RETRY_DELAY_MS);
    return waitForWorker(api, { timeout: 20 });
}
