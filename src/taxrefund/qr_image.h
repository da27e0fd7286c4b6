// The refund payload as a QR code (libqrencode, case-sensitive, error correction M), rendered as
// SVG text (one path, crisp edges) and as PNG bytes (libpng, 1-bit greyscale, written to memory).
// Both have a quiet zone of 4 modules on every side, as ISO/IEC 18004 requires.
// Thread safety: libqrencode (built with pthreads, as Debian's is) and libpng are reentrant; every
// function here is safe to call from several threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace oc {

// The most bytes a version-40 QR code holds in 8-bit mode at error correction M.
inline constexpr std::size_t qr_payload_bytes_max = 2331;
inline constexpr int qr_quiet_zone_modules = 4;
inline constexpr int qr_png_module_px_default = 4;
inline constexpr int qr_png_module_px_max = 32;

struct QrCode {
  int width = 0;                      // modules per side, without the quiet zone
  std::vector<std::uint8_t> modules;  // width × width, row by row; 1 = dark
  bool dark(int x, int y) const { return modules[static_cast<std::size_t>(y * width + x)] != 0; }
};

// Errors: qr.payload_empty, qr.payload_too_long (over qr_payload_bytes_max, or more than a QR
// code holds), qr.payload_nul (a NUL byte: libqrencode takes C strings), qr.encode_failed.
Result<QrCode> encode_qr(std::string_view payload);

// <svg> with a white background and one black <path>; viewBox in modules, width/height in px
// (module_px per module).
std::string qr_svg(const QrCode& code, int module_px = qr_png_module_px_default);

// PNG bytes, 1-bit greyscale, (width + 8) × module_px pixels square.
// Errors: qr.png_failed (libpng reported an error), qr.bad_scale (module_px not 1 to 32).
Result<std::string> qr_png(const QrCode& code, int module_px = qr_png_module_px_default);

}  // namespace oc
