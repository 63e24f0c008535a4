#include "hmi/app/screenshot.hpp"

#include <GL/gl.h>
#include <stb_image_write.h>
#include <vector>

namespace tg::hmi {

bool write_framebuffer_png(const std::string& path, int width, int height, std::string& error) {
    std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * height * 3);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
    if (glGetError() != GL_NO_ERROR) {
        error = "glReadPixels failed";
        return false;
    }
    stbi_flip_vertically_on_write(1); // OpenGL rows start at the bottom
    if (stbi_write_png(path.c_str(), width, height, 3, pixels.data(), width * 3) == 0) {
        error = "cannot write " + path;
        return false;
    }
    return true;
}

} // namespace tg::hmi
