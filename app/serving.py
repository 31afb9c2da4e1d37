"""Several web processes behind one port, each with its own listening socket (SO_REUSEPORT).

With one socket shared by all processes (uvicorn's `workers`), whichever process woke first accepted
every pending connection and kept it (clients keep connections alive): under load one process ran at
70% of a core and the other at 26%, so half the machine waited. With a socket per process the kernel
spreads new connections over the processes evenly. Linux only; elsewhere `serve` uses uvicorn's
workers.
"""

from __future__ import annotations

import errno
import logging
import multiprocessing
import os
import signal
import socket
import sys
import threading
from multiprocessing.process import BaseProcess
from types import FrameType
from typing import Any

log = logging.getLogger("uvicorn.error")
RESTART_DELAY_S = 1.0


def reuse_port_available() -> bool:
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def bind(host: str, port: int) -> socket.socket:
    """A TCP socket bound to host:port that other processes of this user may bind too (not listening)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


class AddressUnavailable(Exception):
    """The address cannot be listened on: taken, not an address of this machine, or no such port."""


def check_address(host: str, port: int) -> None:
    """Raise before any web process starts if nothing could listen on host:port.

    The trial socket does not share the port (no SO_REUSEPORT), so a port another server holds, even
    one that shares it among its own processes, counts as taken.

    Raises:
        AddressUnavailable: with the reason, e.g. "address already in use".
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, port))
    except (OSError, OverflowError) as error:
        reason = (error.strerror if isinstance(error, OSError) and error.strerror else str(error)).rstrip(".")
        taken = isinstance(error, OSError) and error.errno == errno.EADDRINUSE
        hint = "stop what is there or pick another port" if taken else "check the host and port"
        raise AddressUnavailable(f"cannot listen on {host}:{port}: {reason.lower()}; {hint}") from None


def serve_one(options: dict[str, Any]) -> None:
    """One web process (spawned): its own socket on the shared port, then uvicorn until stopped.

    It leaves the terminal's process group, so Ctrl+C reaches the parent only, which then sends each
    process one SIGTERM (a second signal would make uvicorn skip the lifespan's end).
    """
    import uvicorn

    os.setpgrp()
    config = uvicorn.Config(**options)
    uvicorn.Server(config).run(sockets=[bind(config.host, config.port)])


def run_processes(options: dict[str, Any], processes: int) -> None:
    """Start `processes` web processes on options' host and port; restart one that dies; on SIGINT or
    SIGTERM stop them all (each finishes its requests and its lifespan) and return.

    Raises:
        OSError: the address is taken by a program that does not share it.
    """
    bind(options["host"], options["port"]).close()  # an address in use fails here, once
    context = multiprocessing.get_context("spawn")
    stopping = threading.Event()

    def start() -> BaseProcess:
        process = context.Process(target=serve_one, args=(options,), name="desirelines-web")
        process.start()
        return process

    def stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    running = [start() for _ in range(processes)]
    log.info("Started %d web processes: %s", processes, ", ".join(str(p.pid) for p in running))
    try:
        while not stopping.wait(RESTART_DELAY_S):
            for index, process in enumerate(running):
                if not process.is_alive() and not stopping.is_set():
                    log.error("web process %s exited (%s); starting another", process.pid, process.exitcode)
                    running[index] = start()
    finally:
        for process in running:
            if process.is_alive() and process.pid is not None:
                process.terminate()  # SIGTERM: uvicorn stops accepting, finishes, runs the lifespan's end
        for process in running:
            process.join()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
