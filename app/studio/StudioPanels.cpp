#include "StudioPanels.h"

#include "insolepose/widgets/HeatmapWidget.h"
#include "insolepose/widgets/SkeletonView.h"
#include "insolepose/widgets/TimelineWidget.h"
#include "insolepose/widgets/VideoPanel.h"

#include <QDockWidget>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QMainWindow>
#include <QPainter>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>

namespace insolepose {

StudioPanels::StudioPanels(QMainWindow* window) : m_window(window)
{
    // Centre: ground truth above prediction.
    auto* skeletons = new QSplitter(Qt::Vertical, window);
    m_topRow = new QStackedWidget(skeletons);
    m_gtView = new SkeletonView(m_topRow);
    m_liveHealth = new QLabel(m_topRow);
    m_liveHealth->setObjectName("liveHealth");
    m_liveHealth->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_liveHealth->setWordWrap(true);
    m_liveHealth->setStyleSheet(
        QStringLiteral("QLabel { background: #1c1f24; color: #d9dde6; padding: 10px; font-size: 12pt; }"));
    m_topRow->addWidget(m_gtView);
    m_topRow->addWidget(m_liveHealth);
    m_predView = new SkeletonView(skeletons);
    m_gtView->setCaption(tr("Ground truth"));
    m_predView->setCaption(tr("Prediction"));
    skeletons->addWidget(m_topRow);
    skeletons->addWidget(m_predView);
    window->setCentralWidget(skeletons);
    // Linked cameras: turning one turns the other (setOrbit ignores an unchanged orbit).
    QObject::connect(m_gtView, &SkeletonView::orbitChanged, m_predView, &SkeletonView::setOrbit);
    QObject::connect(m_predView, &SkeletonView::orbitChanged, m_gtView, &SkeletonView::setOrbit);

    m_video = new VideoPanel(window);
    m_videoDock = new QDockWidget(tr("Video"), window);
    m_videoDock->setObjectName("dock.video");
    m_videoDock->setWidget(m_video);
    window->addDockWidget(Qt::LeftDockWidgetArea, m_videoDock);

    auto* pressure = new QWidget(window);
    auto* row = new QHBoxLayout(pressure);
    row->setContentsMargins(2, 2, 2, 2);
    for (Foot foot : kFeet) {
        HeatmapWidget* h = new HeatmapWidget(pressure);
        h->setTitle(foot == Foot::Left ? tr("Left foot") : tr("Right foot"));
        h->setOutline(true, foot == Foot::Right);
        row->addWidget(h);
        m_heatmaps[foot] = h;
    }
    m_pressureDock = new QDockWidget(tr("Pressure"), window);
    m_pressureDock->setObjectName("dock.pressure");
    m_pressureDock->setWidget(pressure);
    window->addDockWidget(Qt::LeftDockWidgetArea, m_pressureDock);

    m_timelineStack = new QStackedWidget(window);
    m_timeline = new TimelineWidget(m_timelineStack);
    m_liveHistory = new TimelineWidget(m_timelineStack);
    m_liveHistory->setObjectName("liveHistory");
    m_timelineStack->addWidget(m_timeline);
    m_timelineStack->addWidget(m_liveHistory);
    m_timelineDock = new QDockWidget(tr("Timeline"), window);
    m_timelineDock->setObjectName("dock.timeline");
    m_timelineDock->setWidget(m_timelineStack);
    window->addDockWidget(Qt::BottomDockWidgetArea, m_timelineDock);

    m_timeLabel = new QLabel(tr("no session"), window);
    m_timeLabel->setMinimumWidth(260);
    m_statusMode = new QLabel(tr("review"), window);
    m_statusRates = new QLabel(window);
    m_statusDropped = new QLabel(window);
    m_statusLatency = new QLabel(window);
    for (QLabel* l : {m_statusMode, m_statusRates, m_statusDropped, m_statusLatency})
        window->statusBar()->addPermanentWidget(l);
}

void StudioPanels::applyDefaultSizes()
{
    m_window->resizeDocks({m_videoDock, m_pressureDock}, {420, 330}, Qt::Vertical);
    m_window->resizeDocks({m_videoDock}, {500}, Qt::Horizontal);
    m_window->resizeDocks({m_timelineDock}, {170}, Qt::Vertical);
}

void StudioPanels::setLiveLayout(bool live)
{
    m_topRow->setCurrentIndex(live ? 1 : 0);
    m_timelineStack->setCurrentIndex(live ? 1 : 0);
    m_timelineDock->setWindowTitle(live ? tr("Live load history") : tr("Timeline"));
}

bool StudioPanels::isLiveLayout() const { return m_topRow->currentIndex() == 1; }

QImage StudioPanels::grabWindow() const
{
    QImage img = m_window->grab().toImage().convertToFormat(QImage::Format_RGB32);
    QPainter p(&img);
    for (SkeletonView* v : {m_gtView, m_predView})
        if (v->isVisible())
            p.drawImage(QRectF(QPointF(v->mapTo(m_window, v->sceneRect().topLeft())), QSizeF(v->sceneRect().size())),
                        v->grabFramebuffer());
    return img;
}

} // namespace insolepose
