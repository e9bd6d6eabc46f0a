// Test helper for camera recordings cut by SIGKILL.
//   camera_writer_child write DIR FRAMES  records a session marked as recording with a camera
//       (cameras/cam0.mkv, MJPEG, as the recorder writes it, and cam0_timestamps.npy flushed after
//       every frame), prints "ready" after FRAMES frames and waits to be killed.
//   camera_writer_child video FILE FRAMES  writes FRAMES MJPEG frames into FILE (its container
//       chosen by the extension) and closes it.
//   camera_writer_child count FILE  prints "decoded N" (frames OpenCV decodes reading the file
//       from the start) and "reader M" (VideoReader::frameCount()).
#include "insolepose/Npy.h"
#include "insolepose/SessionWriter.h"
#include "insolepose/media/VideoReader.h"

#include <opencv2/core.hpp>
#include <opencv2/videoio.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

using namespace insolepose;

int main(int argc, char** argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: camera_writer_child write DIR FRAMES | count FILE\n");
        return 2;
    }
    const std::string mode = argv[1];
    if (mode == "count") {
        cv::VideoCapture cap(argv[2], cv::CAP_FFMPEG);
        long decoded = 0;
        cv::Mat frame;
        while (cap.isOpened() && cap.read(frame) && !frame.empty())
            ++decoded;
        const VideoReader reader(argv[2]);
        std::printf("decoded %ld\nreader %lld\n", decoded, static_cast<long long>(reader.frameCount()));
        return 0;
    }
    if (mode == "video" && argc >= 4) {
        cv::VideoWriter video(argv[2], cv::CAP_FFMPEG, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 30.0,
                              cv::Size(160, 120));
        cv::Mat image(120, 160, CV_8UC3);
        cv::RNG rng(3);
        for (int i = 0; i < std::atoi(argv[3]); ++i) {
            rng.fill(image, cv::RNG::UNIFORM, 0, 256);
            video.write(image);
        }
        return video.isOpened() ? 0 : 1;
    }
    if (mode != "write" || argc < 4)
        return 2;
    const std::filesystem::path dir = argv[2];
    const int frames = std::atoi(argv[3]);
    SessionMetadata meta;
    meta.id = "camera-crash-test";
    SessionWriter writer(dir, meta); // session.json stays "recording": the process is killed
    std::filesystem::create_directories(dir / "cameras");
    cv::VideoWriter video((dir / "cameras" / "cam0.mkv").string(), cv::CAP_FFMPEG,
                          cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 30.0, cv::Size(320, 240));
    if (!video.isOpened()) {
        std::fprintf(stderr, "cannot write the video\n");
        return 1;
    }
    NpyAppender stamps(dir / "cameras" / "cam0_timestamps.npy", DType::I64, {});
    cv::Mat image(240, 320, CV_8UC3);
    cv::RNG rng(7);
    for (int i = 0; i < frames; ++i) {
        rng.fill(image, cv::RNG::UNIFORM, 0, 256); // noise: large JPEG frames
        video.write(image);
        const TimeNs t = TimeNs(i) * kNsPerSecond / 30;
        stamps.append(&t, 1);
        stamps.flush();
    }
    std::printf("ready\n");
    std::fflush(stdout);
    std::this_thread::sleep_for(std::chrono::minutes(5));
    return 0;
}
