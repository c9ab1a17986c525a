"""The judge: each captured answer judged with the full key, in a process where no learner code ever ran.

One judge per grading worker, started on first use: ``python -m course.grading.judge``. It
enables full keys, imports every problem and compiles the schemas once, then reads requests
(one JSON line each: the answers of one notebook) on stdin and answers on stdout. The
answers of a notebook are judged in a forked child with a memory limit, each answer with its
own CPU and wall-time limit (one that breaks a limit leaves the rest to a fresh child),
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
import threading
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


def _judge_in_child(answers: list[dict], lang: str | None, limits: JudgeLimits) -> list[dict]:
    """Judge ``answers`` in order in one forked child, each with its own CPU and wall-time limit.

    Returns one result per answer judged; when an answer breaks a limit or the child, the
    result for it says so and the rest are left for a fresh child.
    """
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(read_end)
        out = os.fdopen(write_end, "w", encoding="utf-8")
        memory = _address_space() + limits.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        for answer in answers:
            used = resource.getrusage(resource.RUSAGE_SELF)
            resource.setrlimit(resource.RLIMIT_CPU, (int(used.ru_utime + used.ru_stime) + limits.seconds,
                                                     resource.RLIM_INFINITY))
            try:
                result = _judge_one(answer, lang)
            except MemoryError:
                result = _refused("memory")
            except BaseException as exc:  # a bug in a rule must not take the batch down
                result = _refused(f"error: {type(exc).__name__}: {str(exc)[:300]}")
            out.write(json.dumps(result) + "\n")
            out.flush()
            if result["status"] == REFUSED:
                break  # a child that ran out of something does not judge the next answer
        os._exit(0)
    os.close(write_end)
    results: list[dict] = []
    buffer = b""
    deadline = time.monotonic() + limits.seconds
    with os.fdopen(read_end, "rb") as stream:
        while len(results) < len(answers):
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([stream], [], [], left)[0]:
                os.kill(child, signal.SIGKILL)
                os.waitpid(child, 0)
                return results + [_refused("time")]
            chunk = os.read(stream.fileno(), 1 << 16)
            if not chunk:
                break
            buffer += chunk
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                results.append(json.loads(line.decode("utf-8")))
                deadline = time.monotonic() + limits.seconds
    _pid, status = os.waitpid(child, 0)
    if len(results) < len(answers) and (not results or results[-1]["status"] != REFUSED):
        # ended before answering: out of CPU time, or crashed
        results.append(_refused("time" if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGXCPU
                                else "crash"))
    return results


def judge_all(answers: list[dict], lang: str | None, limits: JudgeLimits) -> list[dict]:
    """One result per answer, in order, using as few forked children as the answers allow."""
    results: list[dict] = []
    while len(results) < len(answers):
        results += _judge_in_child(answers[len(results):], lang, limits)
    return results


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
        results = judge_all(request["answers"], request.get("lang"), limits)
        out.write(json.dumps(results) + "\n")
        out.flush()


# --- in the grading worker ----------------------------------------------------------------

class Judge:
    """The judge process of this grading worker, started on first use and stopped at exit.

    Shared by the worker's threads (Dask), one request at a time.
    """

    _instance: "Judge | None" = None
    _lock = threading.Lock()

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
        with cls._lock:
            if cls._instance is None or cls._instance.process.poll() is not None:
                cls._instance = cls()
            return cls._instance

    def judge(self, answers: list[dict], lang: str | None, limits: JudgeLimits = JudgeLimits()) -> list[dict]:
        """Results (status, score, text), in order, for answers ``{"exercise", "answer"}``."""
        if not answers:
            return []
        request = {"answers": answers, "lang": lang, "limits": vars(limits)}
        with self._lock:
            try:
                self.process.stdin.write(json.dumps(request) + "\n")
                self.process.stdin.flush()
                return json.loads(self.process.stdout.readline())
            except (OSError, ValueError):
                self.stop()
                return [_refused("crash") for _ in answers]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


if __name__ == "__main__":
    serve()
