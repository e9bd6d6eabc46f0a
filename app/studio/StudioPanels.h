#pragma once
// The studio's views, built into its main window: the two skeleton rows in the centre (linked
// cameras), the video, pressure and timeline docks, the status bar labels and the transport's time
// label. In live mode the ground-truth row gives way to the link health and the timeline to the
// live load history (setLiveLayout). Reports no errors.
#include "insolepose/Tactile.h"

#include <QCoreApplication>
#include <QList>

class QDockWidget;
class QImage;
class QLabel;
class QMainWindow;
class QStackedWidget;

namespace insolepose {

class HeatmapWidget;
class SkeletonView;
class TimelineWidget;
class VideoPanel;

/// Builds and holds the studio's panels; the main window owns the widgets (Qt parents).
class StudioPanels {
    Q_DECLARE_TR_FUNCTIONS(StudioPanels)

public:
    explicit StudioPanels(QMainWindow* window);

    HeatmapWidget* heatmap(Foot foot) const { return m_heatmaps[foot]; }
    SkeletonView* groundTruthView() const { return m_gtView; }
    SkeletonView* predictionView() const { return m_predView; }
    TimelineWidget* timeline() const { return m_timeline; }
    VideoPanel* videoPanel() const { return m_video; }
    /// Live mode's views: the link health (in the ground-truth row's place) and the load history
    /// of the last seconds (in the timeline's place).
    QLabel* liveHealth() const { return m_liveHealth; }
    TimelineWidget* liveHistory() const { return m_liveHistory; }
    /// Shows live mode's views (true) or review mode's (false).
    void setLiveLayout(bool live);
    bool isLiveLayout() const;
    /// Video, pressure, timeline.
    QList<QDockWidget*> docks() const { return {m_videoDock, m_pressureDock, m_timelineDock}; }
    /// Sizes the docks as in the default layout.
    void applyDefaultSizes();
    /// The window as shown, including the OpenGL skeleton views (native windows a grab() leaves out).
    QImage grabWindow() const;

    QLabel* timeLabel() const { return m_timeLabel; }
    QLabel* statusMode() const { return m_statusMode; }
    QLabel* statusRates() const { return m_statusRates; }
    QLabel* statusDropped() const { return m_statusDropped; }
    QLabel* statusLatency() const { return m_statusLatency; }

private:
    QMainWindow* m_window;
    FootPair<HeatmapWidget*> m_heatmaps{};
    SkeletonView* m_gtView = nullptr;
    SkeletonView* m_predView = nullptr;
    TimelineWidget* m_timeline = nullptr;
    QLabel* m_liveHealth = nullptr;
    TimelineWidget* m_liveHistory = nullptr;
    QStackedWidget* m_topRow = nullptr; ///< Ground truth | live health.
    QStackedWidget* m_timelineStack = nullptr; ///< Timeline | live load history.
    VideoPanel* m_video = nullptr;
    QDockWidget* m_videoDock = nullptr;
    QDockWidget* m_pressureDock = nullptr;
    QDockWidget* m_timelineDock = nullptr;
    QLabel* m_timeLabel = nullptr;
    QLabel* m_statusMode = nullptr;
    QLabel* m_statusRates = nullptr;
    QLabel* m_statusDropped = nullptr;
    QLabel* m_statusLatency = nullptr;
};

} // namespace insolepose
