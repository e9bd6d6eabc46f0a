#pragma once
// The studio's main window: it assembles the parts and keeps none of their logic. The panels
// (StudioPanels), one playback clock (PlaybackClock), review mode (ReviewController), live mode
// (LiveController), the model and Predict session (PredictionController) and every menu and
// toolbar action from one table (ActionRegistry, filled in StudioActions.cpp). Panels are dock
// widgets whose layout is kept in QSettings. Errors are shown in the window (status bar and
// non-blocking message boxes), never as a crash; I/O and inference run off the UI thread.
#include "PlaybackClock.h"
#include "insolepose/Tactile.h"

#include <QMainWindow>
#include <QString>

#include <memory>
#include <optional>
#include <utility>
#include <vector>

class QComboBox;
class QDockWidget;
class QMenu;
class QTimer;

namespace insolepose {

class ActionRegistry;
class ComparisonDock;
class GaitDock;
class LabelEditor;
class HeatmapWidget;
class LiveController;
class PredictionController;
class ReviewController;
class SkeletonView;
class StudioPanels;
class TimelineWidget;
class VideoPanel;

/// The studio window. Reports errors through showError (status bar, message box, lastError).
class StudioWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit StudioWindow(QWidget* parent = nullptr);
    ~StudioWindow() override;

    PlaybackClock* clock() const { return m_clock.get(); }
    ReviewController* review() const { return m_review.get(); }
    LiveController* live() const { return m_live.get(); }
    PredictionController* prediction() const { return m_prediction.get(); }
    ActionRegistry* actions() const { return m_actions; }
    StudioPanels* panels() const { return m_panels.get(); }
    LabelEditor* labelEditor() const { return m_labelEditor; }
    ComparisonDock* comparison() const { return m_comparison; }
    GaitDock* gait() const { return m_gait; }

    /// Opens a session; on failure keeps the current one, shows the error and returns false.
    bool openSession(const QString& folder);
    /// The streams a frame step can move along (as in the toolbar's "Step along" box).
    std::vector<StepTarget> stepStreams() const;
    void setStepStream(StepTarget target);
    void setLoopRange(std::optional<std::pair<TimeNs, TimeNs>> range);
    void setOverlay(bool on);
    void setErrorColouring(bool on);
    void setInterpolation(bool on);
    void resetLayout();

    HeatmapWidget* heatmap(Foot foot) const;
    SkeletonView* groundTruthView() const;
    SkeletonView* predictionView() const;
    TimelineWidget* timeline() const;
    VideoPanel* videoPanel() const;
    QList<QDockWidget*> docks() const;
    /// The whole window as shown, including the OpenGL skeleton views.
    QImage grabWindow() const;
    /// Panel frames drawn per second of playback, measured over the last second.
    double playbackFps() const { return m_playFps; }
    /// Where Help > User guide looks for USER_GUIDE.md, in this order: the installed docs
    /// (../share/doc/insolepose-studio from the studio's folder, docs/PACKAGING.md), then the
    /// source tree's docs/ (a development build).
    static QStringList userGuideCandidates();
    /// The first of `candidates` that is a file, else empty.
    static QString userGuidePath(const QStringList& candidates = userGuideCandidates());
    /// Help > User guide: opens it with the desktop's viewer; an error naming the paths tried when
    /// it is not found or cannot be opened.
    void openUserGuide();
    /// Help > Keyboard shortcuts: every action's keys, then the active label track's keys.
    QString shortcutSheet() const;
    /// The last error shown, empty if none.
    const QString& lastError() const { return m_lastError; }
    void showError(const QString& title, const QString& message);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void defineActions(); // StudioActions.cpp: the action table
    void buildMenusAndTransport();
    void connectParts();
    void chooseSession();
    void rebuildRecentMenu();
    void rebuildStepBox();
    void toggleLoop(bool on);
    void showSpeed(double speed);
    void tick();
    void updateStatus();
    void showShortcuts();
    void showAbout();
    /// After one of this window's dialogs closed: makes the window active again and gives the
    /// central area the focus if nothing has it, so that the playback and label keys work at once.
    void restoreKeyboard();

    std::unique_ptr<StudioPanels> m_panels;
    // Declared in dependency order: destroyed live first, the clock last.
    std::unique_ptr<PlaybackClock> m_clock;
    std::unique_ptr<ReviewController> m_review;
    std::unique_ptr<PredictionController> m_prediction;
    std::unique_ptr<LiveController> m_live;
    ActionRegistry* m_actions = nullptr;
    // Children of this window (Qt parents), each owning its dock and its actions.
    LabelEditor* m_labelEditor = nullptr;
    ComparisonDock* m_comparison = nullptr;
    GaitDock* m_gait = nullptr;
    QByteArray m_defaultState;
    QComboBox* m_speedBox = nullptr;
    QComboBox* m_stepBox = nullptr;
    std::vector<StepTarget> m_stepTargets; ///< Parallel to m_stepBox's items.
    QMenu* m_recentMenu = nullptr;
    QTimer* m_playTimer = nullptr;
    QTimer* m_statusTimer = nullptr;
    TimeNs m_lastTick_ns = 0;
    TimeNs m_fpsWindowStart_ns = 0;
    qint64 m_framesAtWindowStart = 0;
    double m_playFps = 0;
    QString m_lastError;
};

} // namespace insolepose
