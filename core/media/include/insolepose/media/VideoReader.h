#pragma once
// Frame-accurate random access to a session's camera video (any container OpenCV's FFmpeg
// backend reads: the recorder's MJPEG .mkv, the synthetic H.264 .mp4). Sequential reads decode
// forward; a jump seeks to a keyframe and decodes forward to the requested frame, and every
// frame carries the index it really is, so callers never show a neighbour by mistake. Not thread
// safe: use one reader per thread. Errors: IoError when the file cannot be opened.
#include "insolepose/VideoImage.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

namespace insolepose {

class VideoReader {
public:
    explicit VideoReader(const std::filesystem::path& file);
    ~VideoReader();
    VideoReader(VideoReader&&) noexcept;
    VideoReader& operator=(VideoReader&&) noexcept;

    const std::filesystem::path& path() const;
    /// Frames the file holds, counted in its container (countVideoFrames); OpenCV's estimate for
    /// containers that cannot be counted.
    std::int64_t frameCount() const;
    int width() const;
    int height() const;
    double fps() const;

    /// Decodes frame `index` into `out`. Returns false past the end or on a decode error (out
    /// is left untouched). Sequential indices are cheap; a jump backwards or far forwards seeks.
    bool read(std::int64_t index, VideoImage& out);
    /// How many seeks and decoded frames it took so far (for benchmarks and tests).
    std::int64_t seeks() const;
    std::int64_t decodedFrames() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace insolepose
