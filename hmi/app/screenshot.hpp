#pragma once
// Writes the current OpenGL back buffer as a PNG (stb_image_write from libstb).
#include <string>

namespace tg::hmi {

// Reads width x height pixels of the bound framebuffer; false with `error` on failure.
bool write_framebuffer_png(const std::string& path, int width, int height, std::string& error);

} // namespace tg::hmi
