#pragma once
// Live mode: connects insoles (a URL, the Connect dialog, or `insolepose simulate` started as a
// separate process on a free port), a camera, calibration and recording; shows the newest frames
// with their centre-of-pressure trail and the live predicted skeleton, and measures the latency
// from a frame's arrival to its predicted pose on screen.
#include "insolepose/Tactile.h"

#include <QObject>
#include <QString>

#include <deque>
#include <memory>
#include <utility>
#include <vector>

class QProcess;
class QWidget;

namespace insolepose {

class PlaybackClock;
class PredictionController;
class ReviewController;
class StudioPanels;
namespace live {
class LiveSession;
}
namespace model {
struct InferenceResult;
}

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

    bool connectLive(const QString& url);
    /// Starts `insolepose simulate` (TCP, the open session's frames or synthetic ones) on a free
    /// port and connects to it.
    bool startSimulator(double rate_hz = 14.0);
    /// The `insolepose` tool used for the simulator (default: next to this program, else on PATH).
    void setCliProgram(const QString& program) { m_cli = program; }
    /// Ends live mode (a recording is closed and added to the recent sessions).
    void disconnectLive();
    /// Previews a camera (device index, video file or URL) and records it with the session.
    bool connectCamera(const QString& source);
    bool isLive() const;
    live::LiveSession* liveSession() const { return m_live.get(); }
    /// Arrival-to-screen latencies of live predictions so far (ms).
    const std::vector<double>& latencies_ms() const { return m_latencies_ms; }
    Status status() const;

    void showConnectDialog();
    void showCameraDialog();
    void showRecordDialog();
    void calibrate();
    /// Closes the recording (`addToRecent`: and lists it in the recent sessions); returns its
    /// folder, empty when nothing was recording.
    QString stopRecording(bool addToRecent = true);

Q_SIGNALS:
    void liveStarted(const QString& url);
    void liveStopped();
    void livePoseShown();
    void liveWarning(const QString& message);
    void errorOccurred(const QString& title, const QString& message);
    void statusMessage(const QString& message, int timeout_ms);

private:
    void showLive();
    void onPrediction(const model::InferenceResult& r, qint64 arrival_ns);
    void stopSimulator();

    StudioPanels& m_panels;
    ReviewController& m_review;
    PredictionController& m_prediction;
    PlaybackClock& m_clock;
    QWidget* m_dialogParent;
    std::unique_ptr<live::LiveSession> m_live;
    QProcess* m_simulator = nullptr;
    QString m_cli;
    qint64 m_pendingArrival_ns = 0;
    std::vector<double> m_latencies_ms;
    FootPair<std::deque<std::pair<double, double>>> m_trail; ///< Last centres of pressure (col, row).
};

} // namespace insolepose
