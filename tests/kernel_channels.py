"""Run code in a kernel of a running Jupyter server, as Lab does: a session, then execute requests
over the kernel's websocket. Shared by the hub tests and the capacity benchmark."""
from __future__ import annotations

import asyncio
import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone


@dataclass
class CellRun:
    text: str = ""  # what the cell printed or showed as text
    errors: list[str] = field(default_factory=list)  # "EName: value" of each error


async def run_cells(server_url: str, token: str, path: str, codes: list[str], user: str = "user",
                    timeout: float = 300) -> tuple[str, list[CellRun]]:
    """Open a kernel session for ``path`` on the server at ``server_url`` and run ``codes`` in order.

    Returns the kernel id (left running, as a participant leaves it) and each cell's outputs.
    """
    from tornado.httpclient import AsyncHTTPClient, HTTPRequest
    from tornado.websocket import websocket_connect

    headers = {"Authorization": f"token {token}", "Content-Type": "application/json"}
    reply = await AsyncHTTPClient().fetch(HTTPRequest(
        f"{server_url}/api/sessions", method="POST", headers=headers, request_timeout=timeout,
        body=json.dumps({"path": path, "name": path.rsplit("/", 1)[-1], "type": "notebook",
                         "kernel": {"name": "python3"}})))
    kernel = json.loads(reply.body)["kernel"]["id"]
    ws_url = server_url.replace("http", "ws", 1) + f"/api/kernels/{kernel}/channels"
    conn = await websocket_connect(HTTPRequest(ws_url, headers={"Authorization": f"token {token}"}))
    session, runs = uuid.uuid4().hex, []
    try:
        for code in codes:
            msg_id, run = uuid.uuid4().hex, CellRun()
            await conn.write_message(json.dumps({
                "header": {"msg_id": msg_id, "username": user, "session": session,
                           "msg_type": "execute_request", "version": "5.3",
                           "date": datetime.now(timezone.utc).isoformat()},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"code": code, "silent": False, "store_history": True,
                            "user_expressions": {}, "allow_stdin": False, "stop_on_error": False}}))
            replied = idle = False
            while not (replied and idle):  # IOPub output may arrive after the shell's reply
                message = json.loads(await asyncio.wait_for(conn.read_message(), timeout=timeout))
                if message.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind, content = message["msg_type"], message["content"]
                if kind == "stream":
                    run.text += content["text"]
                elif kind in ("execute_result", "display_data"):
                    run.text += content["data"].get("text/plain", "")
                elif kind == "error":
                    run.errors.append(f"{content['ename']}: {content['evalue']}"[:300])
                elif kind == "execute_reply":
                    replied = True
                elif kind == "status" and content.get("execution_state") == "idle":
                    idle = True
            runs.append(run)
    finally:
        conn.close()
    return kernel, runs
