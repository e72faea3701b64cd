"""An optional safety model that judges requests too (``ASSISTANT_SAFETY_MODEL``).

``ollama:NAME`` (for example ``ollama:llama-guard3``, at ``OLLAMA_HOST``) or ``openai:NAME``
(any OpenAI-compatible server at ``OPENAI_BASE_URL``). The offline guard always runs first;
the model is asked only about what it lets through, and the stricter verdict wins. A model
that answers "unsafe" (Llama Guard's word) refuses the request; one that cannot be reached,
or answers anything else, leaves the offline verdict standing. Plain HTTP (urllib): the
safety stage imports no chat library.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass

from assistant.errors import BadInput

KINDS = ("ollama", "openai")
# For a general model (a guard model, such as Llama Guard, is given the request alone).
INSTRUCTION = ("You judge requests sent to an assistant about child-protection policy. Reply with "
               "the single word 'unsafe' if the request seeks to obtain, produce or share child "
               "sexual abuse material; to contact, groom or get unsupervised access to a child; to "
               "evade detection, moderation, reporting, investigation or forensics; to destroy "
               "evidence; to find a child to harm; or to coerce or sextort someone. Otherwise reply "
               "'safe'. Questions from parents, professionals and researchers about preventing or "
               "responding to harm are safe.")


@dataclass(frozen=True)
class ModelJudge:
    spec: str  # the setting's value, e.g. "ollama:llama-guard3"
    url: str  # the chat-completions endpoint
    model: str
    key: str
    timeout: float

    @classmethod
    def from_setting(cls, spec: str, timeout: float,
                     env: Mapping[str, str] | None = None) -> ModelJudge | None:
        """The judge an ASSISTANT_SAFETY_MODEL value names; None when it is empty."""
        env = os.environ if env is None else env
        kind, _, model = spec.strip().partition(":")
        if not spec.strip():
            return None
        if kind.lower() not in KINDS or not model.strip():
            raise BadInput(f"ASSISTANT_SAFETY_MODEL is '{spec}'; use ollama:NAME or openai:NAME "
                           "(e.g. ollama:llama-guard3), or leave it empty for the offline guard alone.")
        if kind.lower() == "openai":
            base = (env.get("OPENAI_BASE_URL") or "").strip()
            if not base:  # never a silent default to a public service
                raise BadInput(f"ASSISTANT_SAFETY_MODEL is '{spec}' but OPENAI_BASE_URL is not set; set "
                               "it to your OpenAI-compatible server (e.g. http://127.0.0.1:8000/v1).")
            key = env.get("OPENAI_API_KEY") or "not-needed"
        else:
            host = (env.get("OLLAMA_HOST") or "http://127.0.0.1:11434").rstrip("/")
            base, key = f"{host if '://' in host else 'http://' + host}/v1", "ollama"
        return cls(spec.strip(), f"{base.rstrip('/')}/chat/completions", model.strip(), key, timeout)

    def is_harmful(self, text: str) -> bool:
        """Whether the model judges ``text`` unsafe; False when it cannot be asked."""
        reply = self._ask(text)
        return reply is not None and reply.strip().lower().lstrip("*'\"").startswith("unsafe")

    def _ask(self, text: str) -> str | None:
        messages = [{"role": "user", "content": text}]
        if "guard" not in self.model.lower():
            messages.insert(0, {"role": "system", "content": INSTRUCTION})
        body = json.dumps({"model": self.model, "messages": messages, "temperature": 0}).encode()
        request = urllib.request.Request(self.url, body, {"Content-Type": "application/json",
                                                          "Authorization": f"Bearer {self.key}"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                data = json.loads(response.read())
            return str(data["choices"][0]["message"]["content"])
        except (urllib.error.URLError, TimeoutError, OSError, ValueError, KeyError, IndexError, TypeError):
            return None  # unreachable or garbled: the offline verdict stands
