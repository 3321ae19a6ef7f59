// web/workerLogs.js: the log auto-refresh timer is kept on the shared extension object...
import { TIMEOUTS } from './constants.js';

export function startLogAutoRefresh(extension, workerId) {
    extension.logAutoRefreshInterval = setInterval(async () => {
        await extension.ui.refreshWorkerLog(workerId);
    }, TIMEOUTS.LOG_REFRESH);
}
