#pragma once
// Internal (OpenCV): the one way media writes an image file. OpenCV throws cv::Exception for a
// path it has no writer for (a folder, "x.txt"); that must never reach a command as an abort, so
// every failure becomes an IoError naming the file and what is wrong with it.
#include "insolepose/Error.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <string>

namespace insolepose::detail {

/// Writes `img` to `file` in the format its extension names. `what` ("chart", or empty) starts
/// the message, then the file name. `createFolders` makes the parent folders first.
inline void writeImageFile(const std::filesystem::path& file, const cv::Mat& img, const std::string& what,
                           bool createFolders = false)
{
    const std::string name = file.string();
    const std::string where = (what.empty() ? "" : what + " ") + name; // starts every message
    std::error_code ec;
    if (name.empty())
        throw IoError(what + ": no file name given");
    if (std::filesystem::is_directory(file, ec))
        throw IoError(where + ": is a folder; give a file name ending in .png");
    const std::string ext = file.extension().string();
    if (ext.empty())
        throw IoError(where + ": no file extension; give a file name ending in .png");
    if (createFolders && file.has_parent_path()) {
        std::filesystem::create_directories(file.parent_path(), ec);
        if (ec)
            throw IoError(where + ": cannot create folder " + file.parent_path().string() + ": " + ec.message());
    }
    if (file.has_parent_path() && !std::filesystem::is_directory(file.parent_path(), ec))
        throw IoError(where + ": folder " + file.parent_path().string() + " does not exist");
    bool ok = false;
    try {
        if (!cv::haveImageWriter(name))
            throw IoError(where + ": cannot write images with extension '" + ext + "'; use .png");
        ok = cv::imwrite(name, img);
    } catch (const cv::Exception& e) {
        throw IoError(where + ": cannot write: " + e.err);
    }
    if (!ok)
        throw IoError(where + ": cannot write (permission denied or disk full?)");
}

} // namespace insolepose::detail
