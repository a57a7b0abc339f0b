// Checks, in the browser, the inclusion proof in the receipt-check page (data-proof)
// (RFC 9162 section 2.1.3.2 over RFC 6962 hashes: leaf = SHA-256(0x00 || vote),
// node = SHA-256(0x01 || left || right)). The page already states the server's answer;
// this only adds the browser's own check when WebCrypto is available.
(function () {
  "use strict";
  var out = document.getElementById("browser-result");
  if (!out || !out.getAttribute("data-proof") || !window.crypto || !window.crypto.subtle || !window.TextEncoder) {
    return;
  }

  function hex(bytes) {
    return Array.prototype.map.call(new Uint8Array(bytes), function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function unhex(text) {
    var bytes = new Uint8Array(text.length / 2);
    for (var i = 0; i < bytes.length; i++) {
      bytes[i] = parseInt(text.substr(i * 2, 2), 16);
    }
    return bytes;
  }

  function sha256(prefix, parts) {
    var length = 1;
    parts.forEach(function (p) { length += p.length; });
    var buffer = new Uint8Array(length);
    buffer[0] = prefix;
    var offset = 1;
    parts.forEach(function (p) { buffer.set(p, offset); offset += p.length; });
    return window.crypto.subtle.digest("SHA-256", buffer).then(function (d) {
      return new Uint8Array(d);
    });
  }

  async function rootFromProof(proof) {
    var fn = proof.index;
    var sn = proof.size - 1;
    if (!(fn >= 0 && fn < proof.size)) {
      return null;
    }
    var r = await sha256(0, [new TextEncoder().encode(proof.vote)]);
    for (var i = 0; i < proof.path.length; i++) {
      var p = unhex(proof.path[i]);
      if (sn === 0) {
        return null;
      }
      if ((fn & 1) || fn === sn) {
        r = await sha256(1, [p, r]);
        if (!(fn & 1)) {
          while ((fn & 1) === 0 && fn !== 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        r = await sha256(1, [r, p]);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn === 0 ? hex(r) : null;
  }

  var proof;
  try {
    proof = JSON.parse(out.getAttribute("data-proof"));
  } catch (e) {
    return;
  }
  rootFromProof(proof).then(function (root) {
    var holds = root !== null && root === String(proof.root).toLowerCase();
    out.textContent = out.getAttribute(holds ? "data-holds" : "data-fails");
    out.setAttribute("data-verified", holds ? "yes" : "no");
    out.hidden = false;
  });
})();
