// Fuzzes the container readers that count a video's frames without decoding it
// (core/base/src/VideoFrameCount.cpp: countVideoFrames for Matroska/WebM, MP4/QuickTime and AVI,
// and mp4FrameTiming, the MP4 sample tables and edit lists that attach-video and sessions use).
// The input is the file's bytes; every session open and every attach-video reads such a file.
//
// Promises checked:
//  - no crash, no sanitizer report, no exception (the functions report nothing: no answer);
//  - mp4FrameTiming's times are finite; with an edit list applied, countVideoFrames gives as many
//    frames as the timing lists; without one, no more times than the track has samples.
#include "FuzzCommon.h"

#include "insolepose/VideoFrameCount.h"

#include <cmath>
#include <fstream>

using namespace insolepose;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::filesystem::path file = fuzz::scratchDir() / "video.bin";
    {
        std::ofstream f(file, std::ios::binary | std::ios::trunc);
        f.write(reinterpret_cast<const char*>(data), std::streamsize(size));
        fuzz::check(bool(f), "cannot write " + file.string());
    }
    const std::optional<std::int64_t> count = countVideoFrames(file);
    if (count)
        fuzz::check(*count >= 0, "negative frame count " + std::to_string(*count));
    const std::optional<Mp4FrameTiming> timing = mp4FrameTiming(file);
    if (!timing)
        return 0;
    for (double t : timing->times)
        fuzz::check(std::isfinite(t), "a frame time is not finite");
    if (timing->editsApplied) {
        fuzz::check(count && *count == std::int64_t(timing->times.size()),
                    "countVideoFrames (" + (count ? std::to_string(*count) : std::string("none")) +
                        ") differs from the edit list's " + std::to_string(timing->times.size()) + " frames");
    } else {
        fuzz::check(timing->times.size() <= timing->samples, std::to_string(timing->times.size()) + " times for " +
                                                                 std::to_string(timing->samples) + " samples");
    }
    return 0;
}
