"""Plain-language text for the findings of a signature verification.

The codes join the platform's finding codes (``course.xml.messages.MESSAGES``) when this
package is imported, so a signature finding is a :class:`course.xml.Finding` like any other:
same severities, same rendering, same translations.
"""
from __future__ import annotations

from ..i18n import N_
from ..xml.messages import MESSAGES

SIGNATURE_MESSAGES: dict[str, tuple[str, str]] = {
    "sig.unsigned": (
        N_("The document carries no XML signature."),
        N_("An unsigned document proves nothing about who issued it: ask the issuing authority for the signed original."),
    ),
    "sig.several": (
        N_("The document carries {count} signatures where one is expected."),
        N_("Extra signatures are a classic way to make a verifier check one thing while the reader sees another: refuse the document and ask for the issuer's original."),
    ),
    "sig.misplaced": (
        N_("The signature sits inside {parent}, not directly under the document's root element."),
        N_("An enveloped signature belongs directly under the root element; a signature moved elsewhere is a sign of tampering (signature wrapping)."),
    ),
    "sig.enveloping": (
        N_("The whole document is a signature wrapping its content (an enveloping signature), not a trade document with its signature inside."),
        N_("The course accepts enveloped signatures only: the trade document itself, with ds:Signature directly under its root element. Ask the issuer for that form."),
    ),
    "sig.duplicate-id": (
        N_("Two elements carry the same identifier '{id}'."),
        N_("A signature points at its content by identifier; two elements with one identifier let a forged element stand in for the signed one (signature wrapping). Refuse the document."),
    ),
    "sig.external-reference": (
        N_("The signature refers to content outside the document ({uri}); it was not fetched."),
        N_("A receiving system never fetches files or web addresses named by a document it is checking. Ask for a document whose signature covers its own content."),
    ),
    "sig.unresolved-reference": (
        N_("The signature refers to '{uri}', which is not in the document."),
        N_("The signed part is missing: the document was cut or rebuilt after signing. Ask the issuer for the original."),
    ),
    "sig.transform": (
        N_("The signature uses the transform {algorithm}, which the course does not accept."),
        N_("Only the enveloped-signature transform and canonicalization are accepted: other transforms can select a different part than the reader sees."),
    ),
    "sig.covers-document": (
        N_("The signature covers the whole document {root} (everything except the signature itself)."),
        N_("Any change to any value in this document would break the signature."),
    ),
    "sig.covers-properties": (
        N_("The signature also covers its signed properties: the signing time and the signer's certificate."),
        N_("The signing time cannot be changed without breaking the signature."),
    ),
    "sig.covers-part": (
        N_("The signature covers only {element} (line {target_line}), not the whole document."),
        N_("Everything outside that element could have been changed without breaking the signature: do not rely on it."),
    ),
    "sig.not-covered": (
        N_("Not covered by the signature: {element}."),
        N_("This part of the document could have been written by anyone after signing."),
    ),
    "sig.digest-mismatch": (
        N_("The signed content has changed since it was signed: its digest no longer matches."),
        N_("Even one changed character changes the digest. Refuse the document and ask the issuer for the original."),
    ),
    "sig.properties-changed": (
        N_("The signature's signed properties (signing time, signer certificate) changed after signing."),
        N_("Refuse the document: someone edited the signing time or the signer's details."),
    ),
    "sig.signature-mismatch": (
        N_("The signature value does not match: the signature was altered or made with a different key."),
        N_("Refuse the document: its signature cannot have been made by the certificate it shows."),
    ),
    "sig.invalid": (
        N_("The signature cannot be verified: {detail}"),
        N_("The signature is damaged or built in a way the receiving system does not accept; ask the issuer to sign again."),
    ),
    "sig.no-certificate": (
        N_("The signature does not include the signer's certificate."),
        N_("Without the certificate the receiver cannot tell who signed. Ask the issuer to include its certificate (X509Data) in the signature."),
    ),
    "sig.signer": (
        N_("Signed by {subject}, certificate issued by {issuer} (serial {serial})."),
        N_("This is who the certificate says signed; whether to believe it depends on the trust list."),
    ),
    "sig.signing-time": (
        N_("Signing time stated in the signature: {time}."),
        N_("The certificates are checked as they stood at this time."),
    ),
    "sig.no-signing-time": (
        N_("The signature states no signing time; certificates are checked at {time}."),
        N_("A signature with a signed signing time (XAdES SigningTime) lets the receiver check the certificates at the moment of signing."),
    ),
    "sig.trusted": (
        N_("The signer's certificate was issued by {issuer}, a recognised issuer on the trust list for {country}."),
        N_("The receiving agency recognises documents from this issuer."),
    ),
    "sig.untrusted": (
        N_("The signer's certificate does not lead to any issuer on the trust list (its chain ends at {top})."),
        N_("The receiving agency has not recognised this issuer: treat the document as unsigned, whatever it says."),
    ),
    "sig.withdrawn": (
        N_("The issuer {issuer} is on the trust list, but its recognition is withdrawn."),
        N_("Documents from a withdrawn issuer are no longer recognised."),
    ),
    "sig.bad-chain": (
        N_("{subject} claims to be issued by {issuer}, but that issuer's key did not sign it."),
        N_("The certificate chain is forged or broken: refuse the document."),
    ),
    "sig.not-a-ca": (
        N_("{subject} issued another certificate but is not allowed to act as an issuer."),
        N_("Only certificates marked as certification authorities may issue certificates."),
    ),
    "sig.not-yet-valid": (
        N_("The certificate of {subject} was not yet valid at the signing time (valid from {start})."),
        N_("A signature made before the certificate's validity began cannot be accepted."),
    ),
    "sig.expired": (
        N_("The certificate of {subject} had expired at the signing time (valid until {end})."),
        N_("A signature made with an expired certificate cannot be accepted; the issuer must sign again with a current certificate."),
    ),
    "sig.revoked": (
        N_("The certificate of {subject} was revoked on {date}, before the signing time ({reason})."),
        N_("A revoked certificate must not be trusted after its revocation: the key may have been lost or misused."),
    ),
    "sig.not-revoked": (
        N_("The certificate of {subject} is not on the revocation list of {issuer} (issued {date})."),
        N_("The local revocation list is only as fresh as its issue date; load a newer one before relying on an old decision."),
    ),
    "sig.no-crl": (
        N_("No local revocation list from {issuer} is loaded: the revocation of {subject} could not be checked."),
        N_("Load the issuer's current revocation list (CRL) beside the trust list."),
    ),
    "sig.weak-algorithm": (
        N_("The signature uses {algorithm}, which is no longer considered safe."),
        N_("SHA-1 and older algorithms can be forged; ask the issuer to sign with SHA-256 or stronger."),
    ),
    "sig.weak-key": (
        N_("The key of {subject} is a {bits}-bit RSA key; at least 2048 bits are required."),
        N_("Short RSA keys can be broken; the issuer needs a new certificate with a longer key."),
    ),
    "sig.changed": (
        N_("Changed at {path}: '{before}' became '{after}'."),
        N_("This value differs from the signed content."),
    ),
    "sig.added": (
        N_("Added at {path}: '{after}'."),
        N_("This element is not in the signed content."),
    ),
    "sig.removed": (
        N_("Removed at {path}: '{before}'."),
        N_("This element of the signed content is missing."),
    ),
    "sig.valid": (
        N_("The signature is valid, the signer is trusted and every certificate was valid at the signing time."),
        N_("The document can be recognised as issued by {issuer}."),
    ),
    "trust.unreadable": (
        N_("The trust list cannot be read: {detail}"),
        N_("A trust list is an XML file with one TrustedIssuer element per recognised issuer; check the file named."),
    ),
}

MESSAGES.update(SIGNATURE_MESSAGES)
