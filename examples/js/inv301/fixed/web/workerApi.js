// The worker-status helper, once.
import { api } from "../../../scripts/api.js";

export async function fetchWorkerStatus(workerId) {
    const response = await api.fetchApi(`/distributed/worker/${workerId}/status`);
    if (!response.ok) {
        throw new Error(`worker ${workerId}: status ${response.status}`);
    }
    const data = await response.json();
    return { online: Boolean(data.online), queue: data.queue_remaining ?? 0 };
}
