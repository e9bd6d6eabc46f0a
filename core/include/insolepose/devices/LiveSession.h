#pragma once
// Live mode without a GUI: one insole source on its own thread, the newest frames of each foot,
// their calibration, live predictions from the 40-frame model on an inference thread, and
// recording into a session folder on demand, all on the owner's (usually the UI) thread via a
// 20 ms timer that never blocks. The studio's live mode and its benchmark drive this.
// Errors: connect() and startRecording() return false with lastError() naming the URL or folder;
// device errors later arrive through errorOccurred() and never stop the other streams.
#include "insolepose/Calibration.h"
#include "insolepose/SessionStore.h"
#include "insolepose/VideoReader.h"
#include "insolepose/devices/InsoleSource.h"
#include "insolepose/model/InferenceWorker.h"

#include <QObject>

#include <array>
#include <deque>
#include <memory>
#include <optional>

class QTimer;

namespace insolepose::devices {

class DeviceThread;
class Recorder;

struct LiveStats {
    SourceStats source;
    std::array<std::uint64_t, 2> received{0, 0}; ///< Frames taken from the source this connection.
    std::uint64_t queueDropped = 0;              ///< Frames the source queue had to drop.
    bool recording = false;
    std::array<std::uint64_t, 2> recorded{0, 0};
    std::uint64_t predictions = 0;
    std::uint64_t supersededWindows = 0; ///< Windows replaced by newer ones before inference.
    double inferenceLatency_ms = 0;      ///< Submit to result, last prediction.
    double computeLatency_ms = 0;        ///< The forward pass, last prediction.
    QString recordingPath;
    bool cameraOpen = false;
    double cameraRate_hz = 0;
    std::uint64_t cameraFrames = 0, cameraDropped = 0;
};

class LiveSession : public QObject {
    Q_OBJECT
public:
    explicit LiveSession(QObject* parent = nullptr);
    ~LiveSession() override;

    /// Starts the source described by `url` (see SourceUrl.h). Disconnects any previous one.
    bool connectSource(const QString& url, InsoleSize size = InsoleSize::Small);
    void disconnectSource();
    bool isConnected() const;
    const QString& url() const { return m_url; }
    const QString& lastError() const { return m_lastError; }

    /// A camera ("0" = device index, a video file (looped) or a URL): previewed live and recorded
    /// into the session (cameras/cam0.mkv) while recording. Returns false with lastError() when
    /// it cannot be opened at once; later errors arrive through errorOccurred().
    bool connectCamera(const QString& source);
    void disconnectCamera();
    bool hasCamera() const { return m_camera != nullptr; }
    /// The newest camera frame if newer than the last one taken.
    bool takeCameraFrame(VideoImage& out);

    /// Calibration used to normalise live frames (heatmaps, model input, recordings).
    void setCalibration(Foot foot, const Calibration& c);
    const Calibration& calibration(Foot foot) const { return m_calibration[static_cast<std::size_t>(foot)]; }
    /// Captures `seconds` of unloaded frames per foot, then uses them as the calibration.
    void calibrateFromNextSeconds(double seconds);
    bool calibrating() const;

    /// Live predictions with `model` (nullptr: none) on its own thread with `threads` threads.
    void setModel(std::shared_ptr<const model::PoseModel> model, int threads = 1);
    bool hasModel() const { return m_worker != nullptr; }

    /// The newest frame of a foot (raw, on the model grid) and its normalised values.
    const TactileFrame* latest(Foot foot) const;
    std::vector<float> latestNormalized(Foot foot) const;

    /// Records every frame from now on into `dir` (created; must not hold a session).
    bool startRecording(const std::filesystem::path& dir, SessionMetadata metadata);
    void stopRecording();
    bool isRecording() const { return m_recorder != nullptr; }

    LiveStats stats() const;

Q_SIGNALS:
    /// New frames arrived (emitted at most once per timer tick).
    void framesArrived();
    /// A live prediction; `newestArrival_ns` is the host arrival time of the newest frame in its
    /// window (for arrival-to-screen latency).
    void predictionReady(const insolepose::model::InferenceResult& result, qint64 newestArrival_ns);
    void errorOccurred(const QString& message);
    void connectionChanged(bool connected);

private:
    void poll();
    void submitWindow();

    QString m_url, m_lastError;
    std::shared_ptr<FrameQueue> m_queue;
    std::unique_ptr<DeviceThread> m_source;
    QTimer* m_timer = nullptr;
    std::array<std::deque<TactileFrame>, 2> m_recent;
    std::array<std::uint64_t, 2> m_received{0, 0};
    std::array<Calibration, 2> m_calibration;
    struct Capture;
    std::unique_ptr<Capture> m_capture;
    std::shared_ptr<const model::PoseModel> m_model;
    std::unique_ptr<model::InferenceWorker> m_worker;
    std::deque<std::pair<TimeNs, TimeNs>> m_pendingArrivals; ///< (label frame time, newest arrival)
    model::InferenceResult m_lastResult;
    std::uint64_t m_predictions = 0;
    std::shared_ptr<FrameQueue> m_recordQueue;
    std::unique_ptr<Recorder> m_recorder;
    QString m_recordingPath;
    void startCamera(const std::filesystem::path& folder, TimeNs origin_ns);
    QString m_cameraSource;
    std::unique_ptr<DeviceThread> m_camera;
    std::uint64_t m_cameraSerial = 0;
};

} // namespace insolepose::devices
