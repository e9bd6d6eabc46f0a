#pragma once
// Internal: draws a person (shaded limbs, torso, head and a floor shadow over a floor grid) as one
// camera sees them, and writes camera videos. OpenCV stays in the .cpp.
#include "insolepose/Skeleton.h"
#include "insolepose/synth/Camera.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <vector>

namespace insolepose::synth::detail {

/// An 8-bit BGR image.
struct Image {
    int width = 0, height = 0;
    std::vector<std::uint8_t> bgr;
};

class SkeletonRenderer {
public:
    explicit SkeletonRenderer(PinholeCamera camera);
    ~SkeletonRenderer();
    void render(const Pose& pose, double t_s, Image& out) const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

/// Writes `frames` frames of H.264 video to `path` at `fps`, asking `frameAt(i, image)` for each.
/// Throws IoError when the encoder cannot be opened.
void writeVideo(const std::filesystem::path& path, int width, int height, double fps, std::size_t frames,
                const std::function<void(std::size_t, Image&)>& frameAt);

} // namespace insolepose::synth::detail
