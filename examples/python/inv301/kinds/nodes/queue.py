"""The queue manager the routes drive."""


class QueueManager:
    def __init__(self):
        self.paused = False
        self.workers = {}
        self.history = []

    async def pause(self):
        self.paused = True

    async def resume(self):
        self.paused = False

    def find(self, worker_id):
        return self.workers.get(worker_id)

    def record(self, action, done, failed):
        self.history.append((action, tuple(done), tuple(failed)))


manager = QueueManager()
