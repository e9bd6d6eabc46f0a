#pragma once
// Live mode without a GUI: the recording pipeline (devices::RecordingPipeline: an insole source and
// a camera on their own threads, recording on demand) plus the newest frames of each foot, their
// calibration and live predictions from the 40-frame model on an inference thread, all on the
// owner's (usually the UI) thread; nothing here blocks. The studio's live mode and its benchmark
// drive this.
// Errors: connect() and startRecording() return false with lastError() naming the URL or folder;
// device errors later arrive through errorOccurred() and never stop the other streams.
#include "insolepose/Calibration.h"
#include "insolepose/Session.h"
#include "insolepose/VideoImage.h"
#include "insolepose/devices/InsoleSource.h"
#include "insolepose/devices/RecordingPipeline.h"
#include "insolepose/model/InferenceWorker.h"

#include <QObject>

#include <array>
#include <deque>
#include <memory>
#include <optional>

namespace insolepose::live {

struct LiveStats {
    devices::SourceStats source;
    FootPair<std::uint64_t> received; ///< Frames taken from the source this connection.
    std::uint64_t queueDropped = 0; ///< Frames the source queue had to drop.
    bool recording = false;
    FootPair<std::uint64_t> recorded;
    std::uint64_t predictions = 0;
    std::uint64_t supersededWindows = 0; ///< Windows replaced by newer ones before inference.
    double inferenceLatency_ms = 0; ///< Submit to result, last prediction.
    double computeLatency_ms = 0; ///< The forward pass, last prediction.
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
    bool hasCamera() const { return m_pipeline.hasCamera(); }
    /// The newest camera frame if newer than the last one taken.
    bool takeCameraFrame(VideoImage& out);

    /// Calibration used to normalise live frames (heatmaps, model input, recordings).
    void setCalibration(Foot foot, const Calibration& c);
    const Calibration& calibration(Foot foot) const { return m_calibration[foot]; }
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
    bool isRecording() const { return m_pipeline.isRecording(); }

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
    void onFrames(const std::vector<TactileFrame>& frames);
    void submitWindow();

    devices::RecordingPipeline m_pipeline;
    QString m_url, m_lastError;
    FootPair<std::deque<TactileFrame>> m_recent;
    FootPair<std::uint64_t> m_received;
    FootPair<Calibration> m_calibration;
    struct Capture;
    std::unique_ptr<Capture> m_capture;
    std::shared_ptr<const model::PoseModel> m_model;
    std::unique_ptr<model::InferenceWorker> m_worker;
    std::deque<std::pair<TimeNs, TimeNs>> m_pendingArrivals; ///< (label frame time, newest arrival)
    model::InferenceResult m_lastResult;
    std::uint64_t m_predictions = 0;
};

} // namespace insolepose::live
