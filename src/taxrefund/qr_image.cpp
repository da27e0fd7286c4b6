#include "taxrefund/qr_image.h"

#include <png.h>
#include <qrencode.h>

#include <cerrno>
#include <charconv>
#include <csetjmp>
#include <memory>

namespace oc {
namespace {

struct QrCodeDeleter {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

void append_to_string(png_structp png, png_bytep data, png_size_t length) {
  auto* out = static_cast<std::string*>(png_get_io_ptr(png));
  out->append(reinterpret_cast<const char*>(data), length);
}

void flush_nothing(png_structp) {}

void append_number(std::string& out, int value) {
  char digits[12];
  auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out.append(digits, end);
}

// The only function that holds libpng's longjmp target: nothing with a destructor lives in it,
// and every row is prepared before, so a longjmp skips no C++ object.
bool write_png(png_structp png, png_infop info, png_uint_32 side, png_bytep* rows) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_set_IHDR(png, info, side, side, 1, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  png_write_image(png, rows);
  png_write_end(png, nullptr);
  return true;
}

}  // namespace

Result<QrCode> encode_qr(std::string_view payload) {
  if (payload.empty()) return make_error("qr.payload_empty", "", "a QR code needs a payload");
  if (payload.size() > qr_payload_bytes_max) {
    return make_error("qr.payload_too_long", "",
                      "a QR code holds at most " + std::to_string(qr_payload_bytes_max) + " bytes");
  }
  if (payload.find('\0') != std::string_view::npos) {
    return make_error("qr.payload_nul", "", "a QR payload cannot hold a NUL byte");
  }
  const std::string text(payload);
  errno = 0;
  std::unique_ptr<QRcode, QrCodeDeleter> code(
      QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
  if (!code) {
    if (errno == ERANGE) {
      return make_error("qr.payload_too_long", "", "the payload is longer than a QR code holds");
    }
    return make_error("qr.encode_failed", "", "libqrencode could not encode the payload");
  }
  QrCode out;
  out.width = code->width;
  const auto count = static_cast<std::size_t>(code->width) * static_cast<std::size_t>(code->width);
  out.modules.resize(count);
  // Bit 0 of each libqrencode byte is the module's colour; the other bits describe its role.
  for (std::size_t i = 0; i < count; ++i) out.modules[i] = code->data[i] & 1;
  return out;
}

std::string qr_svg(const QrCode& code, int module_px) {
  const int side = code.width + 2 * qr_quiet_zone_modules;
  const std::string size = std::to_string(side);
  const std::string px = std::to_string(side * module_px);
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 " +
                    size + " " + size + "\" width=\"" + px + "\" height=\"" + px +
                    "\" shape-rendering=\"crispEdges\">";
  svg.reserve(svg.size() +
              static_cast<std::size_t>(code.width) * static_cast<std::size_t>(code.width) * 4);
  svg += "<rect width=\"" + size + "\" height=\"" + size +
         "\" fill=\"#fff\"/><path fill=\"#000\" d=\"";
  // One rectangle per horizontal run of dark modules: "M<x> <y>h<run>v1h-<run>z".
  for (int y = 0; y < code.width; ++y) {
    for (int x = 0; x < code.width;) {
      if (!code.dark(x, y)) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < code.width && code.dark(x + run, y)) ++run;
      svg += 'M';
      append_number(svg, x + qr_quiet_zone_modules);
      svg += ' ';
      append_number(svg, y + qr_quiet_zone_modules);
      svg += 'h';
      append_number(svg, run);
      svg += "v1h-";
      append_number(svg, run);
      svg += 'z';
      x += run;
    }
  }
  svg += "\"/></svg>";
  return svg;
}

Result<std::string> qr_png(const QrCode& code, int module_px) {
  if (module_px < 1 || module_px > qr_png_module_px_max) {
    return make_error("qr.bad_scale", "", "a module is 1 to 32 pixels");
  }
  const int side = (code.width + 2 * qr_quiet_zone_modules) * module_px;
  const auto row_bytes = static_cast<std::size_t>((side + 7) / 8);
  // 1-bit greyscale: 1 is white. Start all white, then clear the dark modules' bits.
  std::vector<png_byte> pixels(row_bytes * static_cast<std::size_t>(side), 0xff);
  if (side % 8 != 0) {
    // Padding bits of each row's last byte are ignored by readers; keep them zero for stable bytes.
    const auto mask = static_cast<png_byte>(0xff << (8 - side % 8));
    for (int y = 0; y < side; ++y) pixels[static_cast<std::size_t>(y + 1) * row_bytes - 1] = mask;
  }
  for (int my = 0; my < code.width; ++my) {
    for (int mx = 0; mx < code.width; ++mx) {
      if (!code.dark(mx, my)) continue;
      for (int dy = 0; dy < module_px; ++dy) {
        const int y = (my + qr_quiet_zone_modules) * module_px + dy;
        for (int dx = 0; dx < module_px; ++dx) {
          const int x = (mx + qr_quiet_zone_modules) * module_px + dx;
          pixels[static_cast<std::size_t>(y) * row_bytes + static_cast<std::size_t>(x / 8)] &=
              static_cast<png_byte>(~(0x80 >> (x % 8)));
        }
      }
    }
  }
  std::vector<png_bytep> rows(static_cast<std::size_t>(side));
  for (int y = 0; y < side; ++y)
    rows[static_cast<std::size_t>(y)] = pixels.data() + static_cast<std::size_t>(y) * row_bytes;

  std::string out;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  if (png == nullptr) return make_error("qr.png_failed", "", "libpng could not start a PNG");
  png_infop info = png_create_info_struct(png);
  if (info == nullptr) {
    png_destroy_write_struct(&png, nullptr);
    return make_error("qr.png_failed", "", "libpng could not start a PNG");
  }
  png_set_write_fn(png, &out, append_to_string, flush_nothing);
  const bool written = write_png(png, info, static_cast<png_uint_32>(side), rows.data());
  png_destroy_write_struct(&png, &info);
  if (!written) return make_error("qr.png_failed", "", "libpng could not write the PNG");
  return out;
}

}  // namespace oc
