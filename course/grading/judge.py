"""The judge: each captured answer judged with the full key, in a process where no learner code ever ran.

One judge per grading worker, started on first use: ``python -m course.grading.judge``. It
enables full keys, imports every problem and compiles the schemas once, then reads requests
(one JSON line each: the answers of one notebook) on stdin and answers on stdout. Every
answer is judged in a forked child with its own memory and CPU limits and a wall-time limit,
so a huge or pathological answer (a 3 MB certificate, an XSD that takes ages to compile)
gets a status of its own and never stalls the batch.

Answers arrive as plain data (:mod:`course.checks.answer_data`) and are rebuilt here; the
judge never unpickles or evaluates anything a learner wrote.
"""
from __future__ import annotations

import json
import os
import resource
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass

ANSWER_SECONDS = 60  # wall time for one answer's judgement
ANSWER_MEMORY_MB = 1536  # address space a judgement may add to the warm judge
REFUSED = "refused"  # the judge could not judge the answer (time, memory, a crash)


@dataclass(frozen=True)
class JudgeLimits:
    seconds: int = ANSWER_SECONDS
    memory_mb: int = ANSWER_MEMORY_MB


# --- in the judge process -----------------------------------------------------------------

def _address_space() -> int:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _judge_one(request: dict, lang: str | None) -> dict:
    from course.checks import catalog
    from course.checks.answer_data import rebuild

    problem = catalog.get(request["exercise"])
    answer = rebuild(request["answer"])
    outcome = problem.check(answer, lang, key=problem.answer_key())
    return {"status": outcome.status, "score": outcome.score, "text": str(outcome)}


def _refused(message: str) -> dict:
    return {"status": REFUSED, "score": 0.0, "text": message}


def _in_child(request: dict, lang: str | None, limits: JudgeLimits) -> dict:
    """Judge one answer in a forked child with its own limits; the parent survives whatever happens."""
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(read_end)
        code = 0
        try:
            memory = _address_space() + limits.memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
            resource.setrlimit(resource.RLIMIT_CPU, (limits.seconds, limits.seconds + 1))
            result = _judge_one(request, lang)
        except MemoryError:
            result, code = _refused("memory"), 1
        except BaseException as exc:  # a bug in a rule must not take the batch down
            result, code = _refused(f"error: {type(exc).__name__}: {str(exc)[:300]}"), 1
        with os.fdopen(write_end, "w", encoding="utf-8") as out:
            out.write(json.dumps(result))
        os._exit(code)
    os.close(write_end)
    chunks, deadline = [], time.monotonic() + limits.seconds
    with os.fdopen(read_end, "rb") as stream:
        while True:
            left = deadline - time.monotonic()
            ready = select.select([stream], [], [], max(0.0, left))[0] if left > 0 else []
            if not ready:
                os.kill(child, signal.SIGKILL)
                os.waitpid(child, 0)
                return _refused("time")
            chunk = os.read(stream.fileno(), 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    _pid, status = os.waitpid(child, 0)
    try:
        return json.loads(b"".join(chunks).decode("utf-8"))
    except ValueError:  # killed before it could answer: out of CPU time, or crashed
        return _refused("time" if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGXCPU else "crash")


def serve() -> None:
    from course.checks import keys

    from .warm import single_threaded, warm_up
    from .zygote import preload_imports

    single_threaded()
    keys.enable()
    warm_up([m for m in preload_imports() if not m.startswith(("ipykernel", "IPython", "debugpy"))])
    from course.checks import catalog

    for exercise_id in catalog.all_ids():  # read every key once; forked judgements share them
        try:
            catalog.get(exercise_id).answer_key()
        except Exception:
            pass
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    for line in sys.stdin:
        request = json.loads(line)
        limits = JudgeLimits(**request.get("limits", {}))
        results = [_in_child(answer, request.get("lang"), limits) for answer in request["answers"]]
        out.write(json.dumps(results) + "\n")
        out.flush()


# --- in the grading worker ----------------------------------------------------------------

class Judge:
    """The judge process of this grading worker, started on first use and stopped at exit."""

    _instance: "Judge | None" = None

    def __init__(self):
        import atexit

        env = dict(os.environ)
        env.pop("COURSE_FULL_KEYS", None)  # the judge enables keys itself, nothing else needs to
        self.process = subprocess.Popen([sys.executable, "-m", "course.grading.judge"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                        encoding="utf-8", env=env)
        if self.process.stdout.readline().strip() != "ready":
            raise RuntimeError("the judge did not start")
        atexit.register(self.stop)

    @classmethod
    def get(cls) -> "Judge":
        if cls._instance is None or cls._instance.process.poll() is not None:
            cls._instance = cls()
        return cls._instance

    def judge(self, answers: list[dict], lang: str | None, limits: JudgeLimits = JudgeLimits()) -> list[dict]:
        """Results (status, score, text), in order, for answers ``{"exercise", "answer"}``."""
        if not answers:
            return []
        request = {"answers": answers, "lang": lang, "limits": vars(limits)}
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
            line = self.process.stdout.readline()
            return json.loads(line)
        except (OSError, ValueError):
            self.stop()
            return [_refused("crash") for _ in answers]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


if __name__ == "__main__":
    serve()
