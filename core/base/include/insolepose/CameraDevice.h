#pragma once
// The face of a camera worker (a device index, a video file or a URL) as the recording pipeline
// sees it: a QObject for its own thread (devices::DeviceThread) with start()/stop() slots, its
// statistics and its newest frame, readable from any thread. Errors are reported once through
// errorOccurred and the statistics. The implementation (media::CameraRecorder, OpenCV) lives in
// the media library, which programs without cameras never load (docs/ARCHITECTURE.md).
#include "insolepose/VideoImage.h"

#include <QObject>
#include <QString>

#include <cstdint>

namespace insolepose {

struct CameraStats {
    QString source;
    bool open = false;
    std::uint64_t frames = 0;
    std::uint64_t dropped = 0;
    double frameRate_hz = 0.0;
    int width = 0, height = 0;
    QString lastError;
};

class CameraDevice : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    ~CameraDevice() override;
    virtual CameraStats stats() const = 0;
    /// The newest frame (RGB) when it is newer than `serial`; updates `serial`. Any thread.
    virtual bool latestFrame(VideoImage& out, std::uint64_t& serial) const = 0;

public Q_SLOTS:
    virtual void start() = 0;
    virtual void stop() = 0;

Q_SIGNALS:
    void errorOccurred(const QString& message);
};

} // namespace insolepose
