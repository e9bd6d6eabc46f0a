#include "insolepose/media/Snapshot.h"

#include "ImageFile.h"
#include "insolepose/Error.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

namespace insolepose {
namespace {

constexpr int kCell = 12;

cv::Mat pressureImage(const Session& s, Foot foot, TimeNs t)
{
    const int w = kModelGrid.cols * kCell, h = kModelGrid.rows * kCell;
    cv::Mat img(h + 28, w, CV_8UC3, cv::Scalar(40, 40, 40));
    const auto& stream = s.tactile(foot);
    const auto i = stream.latestAt(t);
    if (i) {
        const auto values = s.metadata().insoles[foot].calibration.normalize(stream.raw(*i));
        cv::Mat grey(kModelGrid.rows, kModelGrid.cols, CV_8UC1);
        for (int r = 0; r < kModelGrid.rows; ++r)
            for (int c = 0; c < kModelGrid.cols; ++c)
                grey.at<std::uint8_t>(r, c) =
                    cv::saturate_cast<std::uint8_t>(255.0f * values[std::size_t(r * kModelGrid.cols + c)]);
        cv::Mat big, colour;
        cv::resize(grey, big, cv::Size(w, h), 0, 0, cv::INTER_NEAREST);
        cv::applyColorMap(big, colour, cv::COLORMAP_VIRIDIS);
        colour.copyTo(img(cv::Rect(0, 28, w, h)));
    }
    cv::putText(img, foot == Foot::Left ? "left foot" : "right foot", cv::Point(6, 20), cv::FONT_HERSHEY_SIMPLEX, 0.55,
                cv::Scalar(230, 230, 230), 1, cv::LINE_AA);
    return img;
}

cv::Mat videoFrame(const CameraStream& cam, TimeNs t)
{
    const auto shown = cam.frameAt(t);
    if (!shown)
        throw IoError(cam.name + ": no video frame at " + std::to_string(nsToSeconds(t)) + " s (the camera runs " +
                      std::to_string(nsToSeconds(cam.frames.empty() ? 0 : cam.frames.timeAt(0))) + " .. " +
                      std::to_string(nsToSeconds(cam.end_ns())) + " s)");
    cv::VideoCapture cap(cam.videoPath.string());
    if (!cap.isOpened())
        throw IoError(cam.videoPath.string() + ": cannot open video");
    cv::Mat frame;
    const std::size_t target = *shown;
    for (std::size_t k = 0; k <= target; ++k) // decode forward: exact, and fine for one still
        if (!cap.read(frame))
            throw IoError(cam.videoPath.string() + ": video ends before frame " + std::to_string(target));
    return frame;
}

} // namespace

void writeSnapshot(const Session& session, TimeNs t_ns, const std::filesystem::path& png, std::size_t camera)
{
    try {
        std::vector<cv::Mat> parts;
        if (camera < session.cameras().size())
            parts.push_back(videoFrame(session.cameras()[camera], t_ns));
        parts.push_back(pressureImage(session, Foot::Left, t_ns));
        parts.push_back(pressureImage(session, Foot::Right, t_ns));
        int height = 0, width = 0;
        for (const auto& p : parts) {
            height = std::max(height, p.rows);
            width += p.cols + 8;
        }
        cv::Mat canvas(height + 30, width, CV_8UC3, cv::Scalar(30, 30, 30));
        int x = 0;
        for (const auto& p : parts) {
            p.copyTo(canvas(cv::Rect(x, 0, p.cols, p.rows)));
            x += p.cols + 8;
        }
        std::string caption = session.metadata().id + "  t = " + std::to_string(nsToSeconds(t_ns)).substr(0, 7) + " s";
        for (const auto& track : session.labelTracks())
            if (const auto* seg = track.at(t_ns))
                caption += "  [" + seg->label + "]";
        cv::putText(canvas, caption, cv::Point(8, height + 21), cv::FONT_HERSHEY_SIMPLEX, 0.6,
                    cv::Scalar(230, 230, 230), 1, cv::LINE_AA);
        detail::writeImageFile(png, canvas, "");
    } catch (const cv::Exception& e) { // OpenCV's errors end here as an IoError naming the file
        throw IoError(png.string() + ": " + e.err);
    }
}

} // namespace insolepose
