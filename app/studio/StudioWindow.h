#pragma once
// The studio's main window. Review mode: open a session folder (File > Open, recent sessions,
// drag and drop, command line) and scrub it: camera video, both pressure maps (outline, centre of
// pressure trail, load and contact area), the ground-truth skeleton above the predicted one
// (linked cameras, presets, overlay, joints coloured by error), and a timeline with labels, the
// error curve and both feet's load. Transport: play/pause at 0.1x-4x, loop range, frame steps of a
// chosen stream, jumps, keyboard shortcuts. "Predict session" runs a model over the session with
// a cancellable progress dialog. Live mode: connect insoles (or start the simulator), live
// heatmaps and the live predicted skeleton with its latency, Record/Stop with a metadata dialog.
// Panels are dock widgets whose layout is kept in QSettings. Errors are shown as messages in the
// window (status bar and non-blocking message boxes), never as a crash; I/O and inference run off
// the UI thread.
#include "insolepose/Time.h"

#include <QImage>
#include <QMainWindow>
#include <QStringList>

#include <atomic>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

class QAction;
class QComboBox;
class QDockWidget;
class QLabel;
class QMenu;
class QProcess;
class QTimer;

namespace insolepose {

class HeatmapWidget;
class Session;
class SkeletonView;
class TimelineWidget;
class VideoPanel;
namespace model {
class PoseModel;
struct InferenceResult;
} // namespace model
namespace devices {
class LiveSession;
}

class StudioWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit StudioWindow(QWidget* parent = nullptr);
    ~StudioWindow() override;

    /// Opens a session; on failure keeps the current one, shows the error and returns false.
    bool openSession(const QString& folder);
    const Session* session() const { return m_session.get(); }
    TimeNs cursor_ns() const { return m_cursor_ns; }
    TimeNs start_ns() const { return m_start_ns; }
    TimeNs end_ns() const { return m_end_ns; }
    void setCursor(TimeNs t_ns);

    // Transport.
    void play();
    void pause();
    void togglePlay();
    bool isPlaying() const;
    void setSpeed(double speed); ///< Clamped to [0.1, 4].
    double speed() const { return m_speed; }
    /// Which stream a frame step moves along: "left", "right", "truth", "prediction", "camera0"...
    void setStepStream(const QString& stream);
    QStringList stepStreams() const;
    void stepFrame(int direction);
    void jumpToStart();
    void jumpToEnd();
    void jumpToNextLabel();
    void setLoopRange(std::optional<std::pair<TimeNs, TimeNs>> range);

    // Views.
    void setOverlay(bool on);
    void setErrorColouring(bool on);
    void setInterpolation(bool on);
    void resetLayout();
    /// The model used by Predict session and live predictions (a .pt with its .json sidecar).
    bool setModelFile(const QString& file);
    QString modelFile() const { return m_modelFile; }
    /// Runs the model over the open session on a worker thread with a progress dialog; emits
    /// predictionFinished when done, cancelled or failed.
    bool predictSession();
    void cancelPrediction();

    // Live mode.
    bool connectLive(const QString& url);
    /// Starts `insolepose simulate` (TCP, 14 Hz, the open session's frames or synthetic ones) on a
    /// free port and connects to it.
    bool startSimulator(double rate_hz = 14.0);
    /// The `insolepose` command line tool used for the simulator (default: next to this program,
    /// else on PATH).
    void setCliProgram(const QString& program) { m_cli = program; }
    void disconnectLive();
    /// Live mode: previews a camera (device index, video file or URL) and records it with the
    /// session.
    bool connectCamera(const QString& source);
    bool isLive() const;
    devices::LiveSession* liveSession() const { return m_live.get(); }
    /// Arrival-to-screen latencies of live predictions so far (ms).
    const std::vector<double>& liveLatencies_ms() const { return m_liveLatencies; }

    HeatmapWidget* heatmap(int foot) const { return m_heatmaps[foot]; }
    SkeletonView* groundTruthView() const { return m_gtView; }
    SkeletonView* predictionView() const { return m_predView; }
    TimelineWidget* timeline() const { return m_timeline; }
    VideoPanel* videoPanel() const { return m_video; }
    QList<QDockWidget*> docks() const;
    /// The whole window as shown, including the OpenGL skeleton views (which a plain grab()
    /// leaves out: they are native windows).
    QImage grabWindow();
    /// Panel frames drawn per second of playback, measured over the last second.
    double playbackFps() const { return m_playFps; }
    /// The last error shown, empty if none.
    const QString& lastError() const { return m_lastError; }

Q_SIGNALS:
    void sessionOpened(const QString& folder);
    void cursorChanged(qint64 t_ns);
    void predictionFinished(bool ok, const QString& message);
    void livePoseShown();

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildPanels();
    void buildMenusAndTransport();
    void showAtCursor();
    void showLive();
    void onLivePrediction(const model::InferenceResult& r, qint64 arrival_ns);
    void chooseSession();
    void addRecent(const QString& folder);
    void rebuildRecentMenu();
    void computeCurves();
    void tick();
    void updateStatus();
    void showError(const QString& title, const QString& message);
    void connectDialog();
    void recordDialog();
    void predictionDone();

    std::unique_ptr<Session> m_session;
    TimeNs m_cursor_ns = 0, m_start_ns = 0, m_end_ns = 0;
    HeatmapWidget* m_heatmaps[2] = {nullptr, nullptr};
    SkeletonView* m_gtView = nullptr;
    SkeletonView* m_predView = nullptr;
    TimelineWidget* m_timeline = nullptr;
    VideoPanel* m_video = nullptr;
    QDockWidget* m_videoDock = nullptr;
    QDockWidget* m_pressureDock = nullptr;
    QDockWidget* m_timelineDock = nullptr;
    QByteArray m_defaultState;
    QLabel* m_timeLabel = nullptr;
    QLabel* m_statusMode = nullptr;
    QLabel* m_statusRates = nullptr;
    QLabel* m_statusDropped = nullptr;
    QLabel* m_statusLatency = nullptr;
    QComboBox* m_speedBox = nullptr;
    QComboBox* m_stepBox = nullptr;
    QAction* m_playAct = nullptr;
    QAction* m_loopAct = nullptr;
    QAction* m_overlayAct = nullptr;
    QAction* m_errorAct = nullptr;
    QAction* m_interpAct = nullptr;
    QAction* m_recordAct = nullptr;
    QAction* m_stopRecordAct = nullptr;
    QMenu* m_recentMenu = nullptr;
    QTimer* m_playTimer = nullptr;
    QTimer* m_statusTimer = nullptr;
    double m_speed = 1.0;
    qint64 m_lastTick_ns = 0;
    int m_framesThisSecond = 0;
    qint64 m_fpsWindowStart_ns = 0;
    double m_playFps = 0;
    bool m_overlay = false, m_errorColours = false;
    QString m_lastError;
    QString m_modelFile;
    std::shared_ptr<const model::PoseModel> m_model;

    // Predict session.
    std::thread m_predictThread;
    std::atomic<bool> m_cancelPredict{false};
    std::atomic<bool> m_predictRunning{false};
    struct PredictionJob;
    std::shared_ptr<PredictionJob> m_job;

    // Live.
    std::unique_ptr<devices::LiveSession> m_live;
    QProcess* m_simulator = nullptr;
    QString m_cli;
    qint64 m_pendingArrival_ns = 0;
    std::vector<double> m_liveLatencies;
    std::vector<std::vector<std::pair<double, double>>> m_liveTrail{2};
};

} // namespace insolepose
