// Must not be flagged: look-alikes whose difference is the point.

// Literal data: two widget tables of the same shape are declarations, not logic.
export const seedNode = {
    inputTypes() {
        return {
            required: {
                seed: ["INT", { default: 0, min: 0, max: 1024, step: 1 }],
                mode: [["fixed", "increment", "random"], { default: "fixed" }],
                label: ["STRING", { default: "seed", multiline: false }],
            },
        };
    },
};

export const batchNode = {
    inputTypes() {
        return {
            required: {
                count: ["INT", { default: 1, min: 1, max: 64, step: 1 }],
                order: [["forward", "reverse", "shuffle"], { default: "forward" }],
                prefix: ["STRING", { default: "batch", multiline: false }],
            },
        };
    },
};

// Tiny bodies that differ only in what they call: the callee is the logic.
export function pauseWorker(worker) {
    worker.classList.add("paused");
    return api.pauseWorker(worker.dataset.id);
}

export function resumeWorker(worker) {
    worker.classList.remove("paused");
    return api.resumeWorker(worker.dataset.id);
}

// Setters and getters are no logic either.
export class Dot {
    set color(value) {
        this._color = value;
    }

    get color() {
        return this._color;
    }
}

export class Badge {
    set color(value) {
        this._color = value;
    }

    get color() {
        return this._color;
    }
}
