#pragma once
// Records one camera through OpenCV (a device index, a video file or a URL): a host timestamp
// for every frame, frames that arrive late or are skipped counted as dropped, written as MJPEG
// in Matroska (readable even if the process is killed) with a per-frame timestamp array that is
// flushed every half second. A CameraDevice: a worker for its own thread. Errors (a device that
// does not open, an OpenCV exception, a failed write) are reported once through errorOccurred and
// the stats' lastError; no exception leaves the worker's slots.
#include "insolepose/CameraDevice.h"
#include "insolepose/Time.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>

class QTimer;

namespace insolepose::media {

class CameraRecorder : public CameraDevice {
    Q_OBJECT
public:
    /// `source`: "0" (device index), a file path or a URL. Writes `folder/<name>.mkv` and
    /// `folder/<name>_timestamps.npy`; timestamps are host-clock ns minus `clockOrigin_ns`.
    /// A file is paced at its own frame rate, looping when `loop` is set. An empty `folder`
    /// previews only (nothing is written).
    CameraRecorder(QString source, std::filesystem::path folder, QString name, TimeNs clockOrigin_ns, bool loop = false,
                   QObject* parent = nullptr);
    ~CameraRecorder() override;
    CameraStats stats() const override;
    /// The newest frame (RGB) when it is newer than `serial`; updates `serial`. Any thread.
    bool latestFrame(VideoImage& out, std::uint64_t& serial) const override;

public Q_SLOTS:
    void start() override;
    void stop() override;

private:
    void open(); ///< start() without the guard: OpenCV may throw.
    void grab(); ///< One frame; an exception stops the camera with an error, never the process.
    void grabFrame();
    void fail(const QString& message);
    struct Impl;
    std::unique_ptr<Impl> d;
    mutable std::mutex m_mutex;
    CameraStats m_stats;
    VideoImage m_latest;
    std::uint64_t m_latestSerial = 0;
};

} // namespace insolepose::media

/// Loaded at run time by the recording pipeline (devices/CameraLoader.cpp), so that programs
/// without a camera never load OpenCV's video libraries. Returns a new CameraRecorder.
extern "C" insolepose::CameraDevice* insolepose_media_make_camera(const QString& source,
                                                                  const std::filesystem::path& folder,
                                                                  const QString& name,
                                                                  insolepose::TimeNs clockOrigin_ns, bool loop);
