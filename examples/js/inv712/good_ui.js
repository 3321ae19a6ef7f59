// web/ui.js: ...and cleared here, through `this`, when the log modal closes (the interval is
// set in good_extension.js: properties are matched by name across the checked files).
export class DistributedUI {
    closeLogModal() {
        if (this.logAutoRefreshInterval) {
            clearInterval(this.logAutoRefreshInterval);
            this.logAutoRefreshInterval = null;
        }
        document.querySelector('.log-modal')?.remove();
    }
}
