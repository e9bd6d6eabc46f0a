#include "insolepose/media/VideoReader.h"

#include "insolepose/Error.h"
#include "insolepose/VideoFrameCount.h"

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <algorithm>

namespace insolepose {

struct VideoReader::Impl {
    std::filesystem::path path;
    cv::VideoCapture cap;
    std::int64_t next = 0; ///< Index of the frame the next grab() returns.
    std::int64_t count = 0;
    bool exactCount = false; ///< Counted in the container (else OpenCV's estimate).
    int width = 0, height = 0;
    double fps = 0;
    std::int64_t seeks = 0, decoded = 0;
    cv::Mat bgr;

    /// Positions the stream so that the next grab() returns `index`. Indices count the frames
    /// FFmpeg presents: on an MP4 whose edit list trims or delays the track they are not sample
    /// numbers, and frameCount() counts them too (countVideoFrames; test_interchange checks reads
    /// forwards, backwards and by far jumps on such files, docs/IMPORT.md). OpenCV's FFmpeg seek lands
    /// on a keyframe and decodes forward itself; its reported position is then checked and any
    /// remaining difference decoded away, so the result is exact even where the seek is not.
    bool seekTo(std::int64_t index)
    {
        ++seeks;
        // Seek a little early: in some OpenCV/FFmpeg versions a direct seek lands a frame or two
        // late in long-GOP H.264; landing early is always fixed by decoding forward.
        const std::int64_t target = std::max<std::int64_t>(0, index - 2);
        if (!cap.set(cv::CAP_PROP_POS_FRAMES, double(target)))
            return false;
        const auto pos = std::int64_t(cap.get(cv::CAP_PROP_POS_FRAMES));
        if (pos > index || pos < 0) {
            // Overshot: start again from the beginning (rare; correctness over speed).
            cap.release();
            if (!cap.open(path.string(), cv::CAP_FFMPEG))
                return false;
            next = 0;
            return true;
        }
        next = pos;
        return true;
    }
};

VideoReader::VideoReader(const std::filesystem::path& file) : d(std::make_unique<Impl>())
{
    d->path = file;
    if (!std::filesystem::exists(file))
        throw IoError("video " + file.string() + " does not exist");
    if (!d->cap.open(file.string(), cv::CAP_FFMPEG) || !d->cap.isOpened())
        throw IoError("cannot open video " + file.string() + " (not a format OpenCV's FFmpeg backend reads)");
    // The container's frame count as OpenCV reports it is an estimate (duration times rate) and is
    // wrong for a file a killed recorder cut short; count the frames the file holds instead.
    if (const auto counted = countVideoFrames(file)) {
        d->count = *counted;
        d->exactCount = true;
    } else {
        d->count = std::int64_t(d->cap.get(cv::CAP_PROP_FRAME_COUNT));
    }
    d->width = int(d->cap.get(cv::CAP_PROP_FRAME_WIDTH));
    d->height = int(d->cap.get(cv::CAP_PROP_FRAME_HEIGHT));
    d->fps = d->cap.get(cv::CAP_PROP_FPS);
}

VideoReader::~VideoReader() = default;
VideoReader::VideoReader(VideoReader&&) noexcept = default;
VideoReader& VideoReader::operator=(VideoReader&&) noexcept = default;

const std::filesystem::path& VideoReader::path() const { return d->path; }
std::int64_t VideoReader::frameCount() const { return d->count; }
int VideoReader::width() const { return d->width; }
int VideoReader::height() const { return d->height; }
double VideoReader::fps() const { return d->fps; }
std::int64_t VideoReader::seeks() const { return d->seeks; }
std::int64_t VideoReader::decodedFrames() const { return d->decoded; }

bool VideoReader::read(std::int64_t index, VideoImage& out)
{
    if (index < 0 || (d->exactCount && index >= d->count) || (d->count > 0 && index >= d->count + 16))
        return false;
    // Decoding forward is cheaper than a seek for short distances (a seek decodes from the
    // keyframe anyway).
    constexpr std::int64_t kForwardLimit = 48;
    if (index < d->next || index - d->next > kForwardLimit)
        if (!d->seekTo(index))
            return false;
    while (d->next < index) {
        if (!d->cap.grab())
            return false;
        ++d->next;
        ++d->decoded;
    }
    if (!d->cap.grab() || !d->cap.retrieve(d->bgr) || d->bgr.empty())
        return false;
    ++d->next;
    ++d->decoded;
    out.index = index;
    out.width = d->bgr.cols;
    out.height = d->bgr.rows;
    out.rgb.resize(std::size_t(out.width) * std::size_t(out.height) * 3);
    cv::Mat rgb(out.height, out.width, CV_8UC3, out.rgb.data());
    cv::cvtColor(d->bgr, rgb, cv::COLOR_BGR2RGB);
    return true;
}

} // namespace insolepose
