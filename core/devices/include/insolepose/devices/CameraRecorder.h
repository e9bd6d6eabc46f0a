#pragma once
// Records one camera through OpenCV (a device index, a video file or a URL): a host timestamp
// for every frame, frames that arrive late or are skipped counted as dropped, written as MJPEG
// in Matroska (readable even if the process is killed) with a per-frame timestamp array that is
// flushed every half second. A worker for its own thread (DeviceThread). Errors are reported
// once through errorOccurred and the stats.
#include "insolepose/Time.h"
#include "insolepose/VideoReader.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>

class QTimer;

namespace insolepose::devices {

struct CameraStats {
    QString source;
    bool open = false;
    std::uint64_t frames = 0;
    std::uint64_t dropped = 0;
    double frameRate_hz = 0.0;
    int width = 0, height = 0;
    QString lastError;
};

class CameraRecorder : public QObject {
    Q_OBJECT
public:
    /// `source`: "0" (device index), a file path or a URL. Writes `folder/<name>.mkv` and
    /// `folder/<name>_timestamps.npy`; timestamps are host-clock ns minus `clockOrigin_ns`.
    /// A file is paced at its own frame rate, looping when `loop` is set. An empty `folder`
    /// previews only (nothing is written).
    CameraRecorder(QString source, std::filesystem::path folder, QString name, TimeNs clockOrigin_ns,
                   bool loop = false, QObject* parent = nullptr);
    ~CameraRecorder() override;
    CameraStats stats() const;
    /// The newest frame (RGB) when it is newer than `serial`; updates `serial`. Any thread.
    bool latestFrame(VideoImage& out, std::uint64_t& serial) const;

public Q_SLOTS:
    void start();
    void stop();

Q_SIGNALS:
    void errorOccurred(const QString& message);

private:
    void grab();
    void fail(const QString& message);
    struct Impl;
    std::unique_ptr<Impl> d;
    mutable std::mutex m_mutex;
    CameraStats m_stats;
    VideoImage m_latest;
    std::uint64_t m_latestSerial = 0;
};

} // namespace insolepose::devices
