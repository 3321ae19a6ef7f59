"""A stand-in for the project's logger."""


def log(message):
    print(message)
