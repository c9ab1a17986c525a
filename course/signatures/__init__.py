"""Electronic signatures on trade documents: verifying what a receiving agency must check.

- :func:`verify`: a signed XML document against a trust list, answered with findings (who
  signed, whether they are recognised, whether each certificate was valid and not revoked
  at the signing time, what the signature covers, what changed);
- :func:`sign`: an enveloped XAdES signature, as an issuing authority makes it;
- :mod:`.trust`: the trust list of recognised foreign issuers and the local revocation lists;
- :mod:`.certificates`: reading certificates and naming them for people.

Everything is offline: only the certificates inside the document, the trust list and local
revocation lists are used; nothing a document names is ever fetched.
"""
from . import messages  # noqa: F401  (registers the sig.* finding codes)
from .certificates import describe, fingerprint, load_certificate, load_crl
from .sign import load_private_key, sign
from .trust import TrustedIssuer, TrustList, TrustListError, load_folder, load_trust_list
from .verify import VERDICTS, Verification, verify

__all__ = ["verify", "sign", "Verification", "VERDICTS", "TrustList", "TrustedIssuer", "TrustListError",
           "load_trust_list", "load_folder", "load_certificate", "load_crl", "load_private_key",
           "describe", "fingerprint"]
