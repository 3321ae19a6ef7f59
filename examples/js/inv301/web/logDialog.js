// The log dialog: a third copy of the helper, as a method of an object literal.
import { api } from "../../scripts/api.js";

export const logDialog = {
    async workerStatus(worker) { // expect: INV301
        const reply = await api.fetchApi(`/distributed/worker/${worker}/status`);
        if (!reply.ok) {
            throw new Error(`worker ${worker}: status ${reply.status}`);
        }
        const json = await reply.json();
        return { online: Boolean(json.online), queue: json.queue_remaining ?? 0 };
    },
};
