#pragma once
// The one recording pipeline, used by `insolepose record` and by live mode:
//   insole sources (each on its own thread) -> one bounded FrameQueue (drop-oldest, counted)
//   -> poll() every 20 ms on the owner's thread -> framesArrived (live views, inference)
//                                               -> the Recorder while recording (SessionWriter)
//   camera (a CameraDevice on its own thread, see CameraLoader.h) -> preview frames; while recording it also writes
//   cameras/cam0.mkv and its timestamps on the same clock.
// Errors: addInsoles(), setCamera() and startRecording() return false with lastError() naming the
// URL, source or folder; device errors later arrive through deviceError() and never stop the
// other streams; a write error stops the recording and arrives through recordingFailed().
#include "insolepose/CameraDevice.h"
#include "insolepose/Session.h"
#include "insolepose/VideoImage.h"
#include "insolepose/devices/InsoleSource.h"
#include "insolepose/devices/Recorder.h"

#include <QObject>

#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

class QTimer;

namespace insolepose::devices {

class DeviceThread;

class RecordingPipeline : public QObject {
    Q_OBJECT
public:
    /// Frames the sources may buffer between two polls before the oldest are dropped.
    static constexpr std::size_t kQueueCapacity = 8192;

    explicit RecordingPipeline(QObject* parent = nullptr);
    ~RecordingPipeline() override; ///< Stops the recording, the sources and the camera.

    /// Whether `url` describes an insole source (see SourceUrl.h); starts nothing.
    static bool checkInsoles(const QString& url, InsoleSize size, QString* error);
    /// Whether `source` can be a camera: a device index (0 or more), an existing video file or a
    /// URL. Opens nothing: a device index that does not exist fails in waitForCamera().
    static bool checkCamera(const QString& source, QString* error);

    /// Starts the insole source described by `url` (see SourceUrl.h) and the 20 ms poll.
    bool addInsoles(const QString& url, InsoleSize size);
    /// Stops every source; their last frames still reach the recording.
    void removeInsoles();
    bool hasInsoles() const { return !m_sources.empty(); }
    std::vector<SourceStats> sourceStats() const;
    std::uint64_t queueDropped() const;

    /// A camera ("0" = device index, a video file or a URL), previewed and, while recording,
    /// written into the session. `loopFile` replays a video file endlessly.
    bool setCamera(const QString& source, bool loopFile);
    void removeCamera();
    /// Waits up to `timeout_ms` until the camera (started by setCamera(), restarted by
    /// startRecording()) has opened and delivered a frame. Returns false with lastError() naming
    /// the source when it failed to open, did not open in time, or no camera is set.
    bool waitForCamera(int timeout_ms);
    bool hasCamera() const { return m_camera != nullptr; }
    /// The newest camera frame if newer than the last one taken.
    bool takeCameraFrame(VideoImage& out);
    std::optional<CameraStats> cameraStats() const;

    /// Records every frame from now on into `dir` (created; must be missing or empty, so that no
    /// earlier file is overwritten or mixed with the new ones). The host
    /// clock now becomes the session's time zero. `calibrationSeconds` > 0 calibrates each insole
    /// from its first seconds of frames (the subject off the insoles).
    bool startRecording(const std::filesystem::path& dir, SessionMetadata metadata, double calibrationSeconds = 0);
    void stopRecording();
    bool isRecording() const { return m_recorder != nullptr; }
    std::optional<RecorderStats> recorderStats() const;
    QString recordingPath() const;

    const QString& lastError() const { return m_lastError; }

    /// Takes the frames waiting in the queue now (the timer does this every 20 ms).
    void poll();

Q_SIGNALS:
    /// Frames taken from the sources in one poll, in arrival order.
    void framesArrived(const std::vector<insolepose::TactileFrame>& frames);
    /// `device` is the source URL or "camera".
    void deviceError(const QString& device, const QString& message);
    void recordingFailed(const QString& message);

private:
    bool startCamera(const std::filesystem::path& folder, TimeNs origin_ns);

    QString m_lastError;
    std::shared_ptr<FrameQueue> m_queue;
    std::vector<std::unique_ptr<DeviceThread>> m_sources;
    QTimer* m_timer = nullptr;
    std::shared_ptr<FrameQueue> m_recordQueue;
    std::unique_ptr<Recorder> m_recorder;
    QString m_cameraSource;
    bool m_cameraLoop = false;
    std::unique_ptr<DeviceThread> m_camera;
    std::uint64_t m_cameraSerial = 0;
};

} // namespace insolepose::devices
