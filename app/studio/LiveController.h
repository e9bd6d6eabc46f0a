#pragma once
// Live mode: connects pairs of insoles (a URL, the Connect dialog, or `insolepose simulate` started
// as a separate process on a free port; each further connection adds a pair, one skeleton each),
// a camera, calibration and recording, on a live::LiveGroup. It runs the causal live model
// (resources/models/lite-live.pt, whose pose is that of the newest frame) by default, else the
// review model and says so, places each pair's skeleton where the person stands (the open
// session's first ground-truth pose, else the origin) and hands what to show to LiveDisplay:
// every pair's frames (the display's pair selector picks whose pressure is shown).
#include "LiveDisplay.h"
#include "insolepose/Session.h"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QProcess;
class QTimer;
class QWidget;

namespace insolepose {

class PlaybackClock;
class PredictionController;
class ReviewController;
class StudioPanels;
namespace live {
class LiveGroup;
class LiveSession;
} // namespace live
namespace model {
class PoseModel;
struct InferenceResult;
} // namespace model

/// Runs live mode. Errors (a bad URL, no free port, no simulator program, a camera that does not
/// open, recording failures) are reported through errorOccurred; the live session's own warnings
/// through liveWarning.
class LiveController : public QObject {
    Q_OBJECT
public:
    /// The status bar's live fields.
    struct Status {
        QString mode, rates, dropped, latency;
        bool recording = false;
    };

    LiveController(StudioPanels& panels, ReviewController& review, PredictionController& prediction,
                   PlaybackClock& clock, QWidget* dialogParent);
    ~LiveController() override;

    /// Connects a pair of insoles: the first starts live mode, each further one adds a pair.
    /// `size`: the insoles' size (default: the open session's, else small).
    bool connectLive(const QString& url, std::optional<InsoleSize> size = std::nullopt);
    /// Starts `insolepose simulate` (TCP, the open session's frames or synthetic ones) on a free
    /// port and connects to it (another pair when live already).
    bool startSimulator(double rate_hz = 14.0);
    /// The `insolepose` tool used for the simulator (default: next to this program, else on PATH).
    void setCliProgram(const QString& program) { m_cli = program; }
    /// Ends live mode at once (a recording is closed and added to the recent sessions).
    void disconnectLive();
    /// Live > Disconnect: asks first while recording; false when the user kept the connection.
    bool requestDisconnect();
    /// Before something that ends live mode (`action`, e.g. "Open session X"): asks whether to end
    /// it (and the recording). True when not live or the user agreed; live mode has ended then.
    bool endLiveForAction(const QString& action);
    /// Replaces the yes/no question asked then (a message box), e.g. in tests.
    void setQuestion(std::function<bool(const QString& title, const QString& text)> ask) { m_ask = std::move(ask); }

    /// The model live mode runs (default: the bundled causal model, lite-live.pt).
    void setLiveModelFile(const QString& file) { m_liveModelFile = file; }
    QString liveModelFile() const { return m_liveModelFile; }
    /// The model of the current live mode, its lag and why it was chosen.
    const LiveModelInfo& liveModel() const { return m_modelInfo; }

    /// Previews a camera (device index, video file or URL) and records it with the first pair.
    bool connectCamera(const QString& source);
    bool isLive() const;
    int pairCount() const;
    /// The first pair's live session (nullptr when not live).
    live::LiveSession* liveSession() const;
    live::LiveGroup* liveGroup() const { return m_group.get(); }
    const LiveDisplay& display() const { return m_display; }
    /// Arrival-to-screen latencies of the live poses shown so far (ms).
    std::vector<double> latencies_ms() const;
    Status status() const;

    void showConnectDialog();
    void showCameraDialog();
    void showRecordDialog();
    void calibrate();
    /// Closes the recording of every pair (`addToRecent`: and lists them in the recent sessions);
    /// returns the first pair's folder, empty when nothing was recording.
    QString stopRecording(bool addToRecent = true);
    bool isRecording() const;

Q_SIGNALS:
    void liveStarted(const QString& url);
    void liveStopped();
    void livePoseShown();
    void liveWarning(const QString& message);
    void errorOccurred(const QString& title, const QString& message);
    void statusMessage(const QString& message, int timeout_ms);

private:
    void enterLive(const QString& url);
    std::shared_ptr<const model::PoseModel> chooseModel();
    void onPrediction(int pair, const model::InferenceResult& r, const Pose& placed, qint64 arrival_ns);
    void stopSimulators();
    bool ask(const QString& title, const QString& text);
    InsoleSize defaultSize() const;

    StudioPanels& m_panels;
    ReviewController& m_review;
    PredictionController& m_prediction;
    PlaybackClock& m_clock;
    QWidget* m_dialogParent;
    std::unique_ptr<live::LiveGroup> m_group;
    LiveDisplay m_display;
    QTimer* m_refresh = nullptr;
    std::vector<QProcess*> m_simulators;
    QString m_cli;
    QString m_liveModelFile;
    std::shared_ptr<const model::PoseModel> m_liveModel; ///< Loaded from m_liveModelLoaded.
    QString m_liveModelLoaded;
    LiveModelInfo m_modelInfo;
    std::optional<InsoleSize> m_size; ///< Of the pairs connected, for the Record dialog.
    std::function<bool(const QString&, const QString&)> m_ask;
};

} // namespace insolepose
