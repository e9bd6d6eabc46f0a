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

#include <algorithm>
#include <array>
#include <deque>
#include <future>
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
    /// How far the predicted (label) frame is behind the newest frame of its window: the model's
    /// window - 1 - labelIndex() (docs/REFERENCE.md section 3, "Which frame a window predicts"):
    /// 0 for a causal model (label_position "last"), 19 for the paper's centre frame. 0 without
    /// a model.
    int lagFrames = 0;
    double sourceRate_hz = 0; ///< Frames per second per foot, measured over the recent frames.
    double lag_s = 0; ///< lagFrames / sourceRate_hz; 0 until the rate is known.
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
    /// The precision live predictions run in: a model starts in float32 and, a moment later, moves
    /// to bfloat16 when model::livePrecisionFor (measured on its own thread) says it meets both
    /// targets on this CPU; the note says what was decided and why (empty until then).
    const QString& precisionNote() const { return m_precisionNote; }

    /// The newest frame of a foot (raw, on the model grid) and its normalised values.
    const TactileFrame* latest(Foot foot) const;
    std::vector<float> latestNormalized(Foot foot) const;
    /// The recent frames of a foot, oldest first: the last historyFrames() (at least window + 8
    /// with a model); a pressure or load history can be drawn from them. Valid until the next
    /// framesArrived.
    const std::deque<TactileFrame>& recentFrames(Foot foot) const { return m_recent[foot]; }
    /// How many frames per foot recentFrames() keeps (default 64, e.g. 140 for 10 s at 14 Hz).
    void setHistoryFrames(std::size_t frames) { m_historyFrames = std::max<std::size_t>(frames, 2); }
    std::size_t historyFrames() const { return m_historyFrames; }

    /// The model's lag in frames (LiveStats::lagFrames): a prediction's frameTime_ns is the host
    /// arrival time of the left foot's frame at labelIndex() in its window, so with a causal model
    /// it is the newest frame of the window. 0 without a model.
    int lagFrames() const;
    /// Frames per second per foot measured over recentFrames() (board clock when the board sends
    /// one, else arrival times); 0 with fewer than two frames.
    double sourceRate_hz() const;
    /// lagFrames() / sourceRate_hz(): the model's lag in seconds; 0 until the rate is known.
    double lag_s() const;

    /// Records every frame from now on into `dir` (created; must not hold a session).
    bool startRecording(const std::filesystem::path& dir, SessionMetadata metadata);
    void stopRecording();
    bool isRecording() const { return m_pipeline.isRecording(); }

    LiveStats stats() const;

Q_SIGNALS:
    /// New frames arrived (emitted at most once per timer tick).
    void framesArrived();
    /// A live prediction; `newestArrival_ns` is the host arrival time of the newest frame in its
    /// window (for arrival-to-screen latency). A window is submitted once both feet have a frame
    /// newer than the last window's (one per step of the pair; none while a foot is silent).
    void predictionReady(const insolepose::model::InferenceResult& result, qint64 newestArrival_ns);
    void errorOccurred(const QString& message);
    void connectionChanged(bool connected);

private:
    void onFrames(const std::vector<TactileFrame>& frames);
    void submitWindow();
    void probePrecision();

    devices::RecordingPipeline m_pipeline;
    QString m_url, m_lastError;
    FootPair<std::deque<TactileFrame>> m_recent;
    std::size_t m_historyFrames = 64;
    FootPair<std::uint64_t> m_received;
    FootPair<Calibration> m_calibration;
    struct Capture;
    std::unique_ptr<Capture> m_capture;
    std::shared_ptr<const model::PoseModel> m_model;
    std::unique_ptr<model::InferenceWorker> m_worker;
    std::deque<std::pair<TimeNs, TimeNs>> m_pendingArrivals; ///< (label frame time, newest arrival)
    FootPair<TimeNs> m_submittedNewest_ns{}; ///< Newest frame per foot in the last window submitted.
    model::InferenceResult m_lastResult;
    std::uint64_t m_predictions = 0;
    std::future<void> m_precisionProbe; ///< Joined before the model changes or this ends.
    QString m_precisionNote;
};

} // namespace insolepose::live
