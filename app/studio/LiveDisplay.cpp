#include "LiveDisplay.h"

#include "StudioPanels.h"
#include "insolepose/live/LiveGroup.h"
#include "insolepose/live/LiveSession.h"
#include "insolepose/model/InferenceWorker.h"
#include "insolepose/widgets/HeatmapWidget.h"
#include "insolepose/widgets/SkeletonView.h"
#include "insolepose/widgets/TimelineWidget.h"
#include "insolepose/widgets/VideoPanel.h"

#include <QColor>
#include <QComboBox>
#include <QDockWidget>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>

namespace insolepose {

namespace {

constexpr double kNominalRate_hz = 14.0; ///< The insoles' rate until one is measured.

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(v.size() / 2), v.end());
    return v[v.size() / 2];
}

QString minutesSeconds(TimeNs t_ns)
{
    const auto s = std::max<qint64>(0, t_ns / kNsPerSecond);
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

const std::deque<std::pair<TimeNs, float>> kNoHistory;
const std::vector<float> kNoFrame;

} // namespace

LiveDisplay::LiveDisplay(StudioPanels& panels) : m_panels(panels)
{
    // The pair selector sits above the pressure maps: live mode wraps the pressure dock's widget
    // (the maps StudioPanels built) in one with the selector's row on top, hidden until a second
    // pair connects.
    QDockWidget* dock = nullptr;
    for (QDockWidget* d : panels.docks())
        if (d->objectName() == QLatin1String("dock.pressure"))
            dock = d;
    QWidget* maps = dock ? dock->widget() : nullptr;
    auto* box = new QWidget(dock);
    auto* column = new QVBoxLayout(box);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    m_pairBar = new QWidget(box);
    m_pairBar->setObjectName("livePairBar");
    auto* row = new QHBoxLayout(m_pairBar);
    row->setContentsMargins(6, 4, 6, 0);
    auto* label = new QLabel(tr("Pressure of pair:"), m_pairBar);
    m_pairSelector = new QComboBox(m_pairBar);
    m_pairSelector->setObjectName("livePairSelector");
    m_pairSelector->setToolTip(tr("Whose pressure maps, centre-of-pressure trail and load history are shown"));
    label->setBuddy(m_pairSelector);
    row->addWidget(label);
    row->addWidget(m_pairSelector);
    row->addStretch(1);
    column->addWidget(m_pairBar);
    if (maps)
        column->addWidget(maps, 1);
    if (dock)
        dock->setWidget(box);
    m_pairBar->hide();
    QObject::connect(m_pairSelector, &QComboBox::currentIndexChanged, m_pairSelector, [this](int index) {
        if (index >= 0)
            showPair(index);
    });
}

LiveDisplay::~LiveDisplay()
{
    // The selector belongs to the window, which may outlive this display.
    if (m_pairSelector)
        QObject::disconnect(m_pairSelector, nullptr, m_pairSelector, nullptr);
}

void LiveDisplay::enter(const QString& url, const LiveModelInfo& model)
{
    m_shown = true;
    m_model = model;
    m_placed.clear();
    m_rate_hz = 0;
    m_connected_ns = hostClock_ns();
    m_pendingArrival_ns = 0;
    m_timings.clear();
    m_pressure.clear();
    m_historyCurves.clear();
    m_pairCount = 0;
    m_shownPair = 0;
    {
        const QSignalBlocker block(m_pairSelector);
        m_pairSelector->clear();
    }
    m_pairBar->hide();
    for (Foot foot : kFeet) {
        m_panels.heatmap(foot)->clearFrame();
        m_panels.heatmap(foot)->setCentreTrail({});
        m_panels.heatmap(foot)->setInfo(tr("waiting for frames"));
    }
    m_panels.setLiveLayout(true);
    // No review data stays on screen: no session video, toolbar time, label, MPJPE or timeline.
    m_panels.videoPanel()->setSession(nullptr);
    m_panels.videoPanel()->showLiveImage(QImage(), tr("live: no camera (Live > Connect camera…)"));
    m_panels.liveHistory()->setLabels({}, {});
    m_panels.liveHistory()->setCurves({});
    m_panels.timeLabel()->setText(tr("live %1").arg(url));
    SkeletonView* gt = m_panels.groundTruthView();
    gt->setPose(std::nullopt);
    gt->setOverlayPose(std::nullopt);
    SkeletonView* pred = m_panels.predictionView();
    pred->setPose(std::nullopt);
    pred->setExtraPoses({});
    pred->setOverlayPose(std::nullopt);
    pred->setJointErrors(std::nullopt);
    pred->setFootContacts(std::nullopt);
    m_panels.liveHealth()->setText(tr("Live: connecting to %1…").arg(url));
    updateCaption();
}

void LiveDisplay::leave()
{
    m_shown = false;
    m_pendingArrival_ns = 0;
    m_panels.setLiveLayout(false);
    m_panels.timeLabel()->setText(tr("no session"));
    m_panels.videoPanel()->setSession(nullptr);
    m_panels.predictionView()->setPose(std::nullopt);
    m_panels.predictionView()->setExtraPoses({});
    m_panels.predictionView()->setCaption(tr("Prediction"));
    m_pairBar->hide();
    for (Foot foot : kFeet) {
        m_panels.heatmap(foot)->clearFrame();
        m_panels.heatmap(foot)->setCentreTrail({});
        m_panels.heatmap(foot)->setInfo({});
    }
}

void LiveDisplay::showFrames(int pair, live::LiveSession& live)
{
    if (pair < 0)
        return;
    VideoImage cameraFrame;
    if (pair == 0 && live.takeCameraFrame(cameraFrame)) {
        const QImage image(cameraFrame.rgb.data(), cameraFrame.width, cameraFrame.height, cameraFrame.width * 3,
                           QImage::Format_RGB888);
        m_panels.videoPanel()->showLiveImage(image.copy(),
                                             tr("live camera  %1 fps").arg(live.stats().cameraRate_hz, 0, 'f', 0));
    }
    PairPressure& p = pressureOf(pair);
    bool changed = false;
    for (Foot foot : kFeet) {
        const TactileFrame* frame = live.latest(foot);
        if (!frame || frame->hostTime_ns == p.lastFrame_ns[foot])
            continue;
        changed = true;
        p.lastFrame_ns[foot] = frame->hostTime_ns;
        p.values[foot] = live.latestNormalized(foot);
        p.grid[foot] = frame->grid;
        const PressureStats st = pressureStats(p.values[foot], frame->grid);
        p.info[foot] = tr("load %1  contact %2 taxels%3")
                           .arg(st.load, 0, 'f', 1)
                           .arg(st.contactTaxels)
                           .arg(live.calibrating() ? tr("  (calibrating)") : QString());
        auto& load = p.load[foot];
        load.emplace_back(frame->hostTime_ns, float(st.load));
        while (!load.empty() && frame->hostTime_ns - load.front().first > TimeNs(kHistorySeconds * 1e9))
            load.pop_front();
        auto& trail = p.trail[foot];
        if (st.hasCentre)
            trail.emplace_back(st.centreCol, st.centreRow);
        while (trail.size() > 14)
            trail.pop_front();
    }
    if (changed && pair == m_shownPair)
        drawPressure();
}

void LiveDisplay::setPairs(const live::LiveGroup& group)
{
    const int pairs = group.pairCount();
    m_pairCount = pairs;
    if (int(m_pressure.size()) > pairs)
        m_pressure.resize(std::size_t(pairs));
    if (int(m_placed.size()) > pairs)
        m_placed.resize(std::size_t(pairs));
    const int shown = std::clamp(m_shownPair, 0, std::max(0, pairs - 1));
    {
        const QSignalBlocker block(m_pairSelector);
        m_pairSelector->clear();
        for (int i = 0; i < pairs; ++i)
            m_pairSelector->addItem(tr("%1 (%2)").arg(i + 1).arg(group.pair(i)->url()));
        m_pairSelector->setCurrentIndex(pairs > 0 ? shown : -1);
    }
    m_pairBar->setVisible(pairs > 1);
    if (pairs > 1) {
        // Where the next pair stands, from the group's placement (1 m by default).
        const Eigen::Vector2f step = group.anchorOf(1).pelvisXY - group.anchorOf(0).pelvisXY;
        m_spacing_m = double(step.norm());
    }
    if (shown != m_shownPair)
        showPair(shown);
    updateCaption();
}

void LiveDisplay::showPair(int pair)
{
    if (pair < 0 || (m_pairCount > 0 && pair >= m_pairCount))
        return;
    m_shownPair = pair;
    if (m_pairSelector->currentIndex() != pair && pair < m_pairSelector->count()) {
        const QSignalBlocker block(m_pairSelector);
        m_pairSelector->setCurrentIndex(pair);
    }
    if (!m_shown)
        return;
    drawPressure();
    updateHistory();
}

LiveDisplay::PairPressure& LiveDisplay::pressureOf(int pair)
{
    if (m_pressure.size() <= std::size_t(pair))
        m_pressure.resize(std::size_t(pair) + 1);
    return m_pressure[std::size_t(pair)];
}

const std::deque<std::pair<TimeNs, float>>& LiveDisplay::loadHistory(int pair, Foot foot) const
{
    if (pair < 0 || std::size_t(pair) >= m_pressure.size())
        return kNoHistory;
    return m_pressure[std::size_t(pair)].load[foot];
}

const std::vector<float>& LiveDisplay::latestFrame(int pair, Foot foot) const
{
    if (pair < 0 || std::size_t(pair) >= m_pressure.size())
        return kNoFrame;
    return m_pressure[std::size_t(pair)].values[foot];
}

void LiveDisplay::drawPressure()
{
    const PairPressure& p = pressureOf(m_shownPair);
    for (Foot foot : kFeet) {
        HeatmapWidget* heatmap = m_panels.heatmap(foot);
        if (p.values[foot].empty()) {
            heatmap->clearFrame();
            heatmap->setCentreTrail({});
            heatmap->setInfo(tr("waiting for frames"));
            continue;
        }
        heatmap->setFrame(p.values[foot], p.grid[foot]);
        heatmap->setInfo(p.info[foot]);
        std::vector<QPointF> points;
        for (const auto& [x, y] : p.trail[foot])
            points.emplace_back(x, y);
        heatmap->setCentreTrail(std::move(points));
    }
}

void LiveDisplay::showPrediction(int pair, const model::InferenceResult& result, const Pose& placed,
                                 qint64 newestArrival_ns)
{
    if (pair < 0)
        return;
    if (m_placed.size() <= std::size_t(pair))
        m_placed.resize(std::size_t(pair) + 1);
    m_placed[std::size_t(pair)] = placed;
    // One skeleton per pair, each where its person stands (the pairs stand side by side).
    m_panels.predictionView()->setPose(m_placed.front());
    std::vector<Pose> others;
    for (std::size_t i = 1; i < m_placed.size(); ++i)
        if (m_placed[i])
            others.push_back(*m_placed[i]);
    m_panels.predictionView()->setExtraPoses(std::move(others));
    m_pendingArrival_ns = newestArrival_ns;
    m_pendingModel_ms = result.compute_ms;
}

bool LiveDisplay::posePainted()
{
    if (m_pendingArrival_ns <= 0)
        return false;
    m_timings.push_back({double(hostClock_ns() - m_pendingArrival_ns) / 1e6, m_pendingModel_ms});
    m_pendingArrival_ns = 0;
    updateCaption();
    return true;
}

void LiveDisplay::refresh(const live::LiveGroup& group)
{
    const live::LiveSession* first = group.pair(0);
    if (!first)
        return;
    const live::LiveStats s = first->stats();
    if (s.sourceRate_hz > 0)
        m_rate_hz = s.sourceRate_hz;
    m_panels.liveHealth()->setText(healthText(group));
    const QString rec = s.recording ? tr("  ● REC") : QString();
    m_panels.timeLabel()->setText(tr("live %1%2").arg(minutesSeconds(hostClock_ns() - m_connected_ns), rec));
    updateHistory();
    if (m_timings.empty())
        updateCaption(); // the lag in seconds follows the measured rate
}

QString LiveDisplay::lagText(double rate_hz) const
{
    if (m_model.lagFrames == 0)
        return tr("pose of the newest frame (0 frames behind)");
    const double rate = rate_hz > 0 ? rate_hz : kNominalRate_hz;
    const QString seconds = QString::number(double(m_model.lagFrames) / rate, 'f', 1);
    return m_model.lagFrames == 1 ? tr("pose 1 frame (%1 s) behind the newest").arg(seconds)
                                  : tr("pose %1 frames (%2 s) behind the newest").arg(m_model.lagFrames).arg(seconds);
}

QString LiveDisplay::medianLatencyText() const
{
    if (m_timings.empty())
        return tr("latency –");
    std::vector<double> screen, model;
    for (std::size_t i = m_timings.size() - std::min(m_timings.size(), kMedianPoses); i < m_timings.size(); ++i) {
        screen.push_back(m_timings[i].arrivalToScreen_ms);
        model.push_back(m_timings[i].model_ms);
    }
    return tr("median of last %1 poses: arrival to screen %2 ms, model %3 ms")
        .arg(screen.size())
        .arg(median(screen), 0, 'f', 0)
        .arg(median(model), 0, 'f', 0);
}

QString LiveDisplay::healthText(const live::LiveGroup& group) const
{
    QStringList lines;
    for (int pair = 0; pair < group.pairCount(); ++pair) {
        const live::LiveSession& live = *group.pair(pair);
        const live::LiveStats s = live.stats();
        const QString who = group.pairCount() > 1 ? tr("Pair %1: ").arg(pair + 1) : QString();
        lines << tr("%1%2 (%3), dropped (queue full) %4")
                     .arg(who, live.url(), QString::fromLatin1(devices::linkStateName(s.source.state)))
                     .arg(s.queueDropped + s.source.dropped);
        for (Foot foot : kFeet) {
            const devices::FootStats& f = s.source.feet[foot];
            lines << tr("   %1 insole: %2, %3 Hz, %4 frames, %5 lost, jitter %6 ms")
                         .arg(foot == Foot::Left ? tr("left") : tr("right"))
                         .arg(f.connected ? tr("connected") : tr("waiting"))
                         .arg(f.frameRate_hz, 0, 'f', 1)
                         .arg(s.received[foot])
                         .arg(f.lost)
                         .arg(f.jitter_ms, 0, 'f', 1);
        }
        if (s.recording)
            lines << tr("   recording to %1: L %2, R %3 frames")
                         .arg(s.recordingPath)
                         .arg(s.recorded[Foot::Left])
                         .arg(s.recorded[Foot::Right]);
        if (pair == 0)
            lines << (s.cameraOpen ? tr("   camera: %1 fps, %2 frames, %3 dropped")
                                         .arg(s.cameraRate_hz, 0, 'f', 0)
                                         .arg(s.cameraFrames)
                                         .arg(s.cameraDropped)
                                   : tr("   camera: none (Live > Connect camera…)"));
    }
    lines << (m_model.valid ? tr("Model: %1, %2").arg(m_model.name, lagText(m_rate_hz))
                            : tr("Model: none (File > Choose model)"));
    if (!m_model.note.isEmpty())
        lines << m_model.note;
    if (m_model.valid && group.pairCount() > 0 && !group.pair(0)->precisionNote().isEmpty())
        lines << tr("Precision: %1").arg(group.pair(0)->precisionNote());
    if (m_model.valid)
        lines << tr("Poses shown: %1").arg(m_timings.size()) << medianLatencyText();
    return lines.join('\n');
}

void LiveDisplay::updateCaption()
{
    SkeletonView* pred = m_panels.predictionView();
    if (!m_model.valid) {
        pred->setCaption(tr("Live: no model (File > Choose model)"));
        return;
    }
    // Short lines: the caption fits the prediction row of a 1024-pixel-wide window.
    const QString first = tr("Live: %1, %2").arg(m_model.name, lagText(m_rate_hz));
    const int pairCount = std::max(m_pairCount, int(m_placed.size()));
    const QString pairs = pairCount > 1 ? tr("%1 pairs; ").arg(pairCount) : QString();
    // The skeletons look alike: the third line says which is whose (LiveGroup places them in a row).
    QString where;
    if (pairCount == 2)
        where = '\n' + tr("pair 2 stands %1 m at pair 1's right hand").arg(m_spacing_m, 0, 'f', 1);
    else if (pairCount > 2)
        where = '\n' + tr("pairs 1 to %1 stand in a row %2 m apart, each at the right hand of the one before")
                           .arg(pairCount)
                           .arg(m_spacing_m, 0, 'f', 1);
    if (m_timings.empty()) {
        pred->setCaption(first + '\n' + pairs + tr("waiting for %1 frames per foot").arg(m_model.window) + where);
        return;
    }
    const PoseTiming& last = m_timings.back();
    pred->setCaption(first + '\n' + pairs +
                     tr("last pose: arrival to screen %1 ms, model %2 ms")
                         .arg(last.arrivalToScreen_ms, 0, 'f', 0)
                         .arg(last.model_ms, 0, 'f', 0) +
                     where);
}

void LiveDisplay::updateHistory()
{
    const TimeNs now = hostClock_ns();
    const TimeNs start = now - TimeNs(kHistorySeconds * 1e9);
    std::vector<TimelineWidget::Curve> curves;
    for (Foot foot : kFeet) {
        // As the review timeline's load curves.
        // With several pairs the legend names whose load it is.
        const QString name = foot == Foot::Left ? tr("left load") : tr("right load");
        TimelineWidget::Curve c{m_pairCount > 1 ? tr("pair %1 %2").arg(m_shownPair + 1).arg(name) : name,
                                foot == Foot::Left ? QColor(66, 135, 245) : QColor(245, 120, 66),
                                {},
                                {},
                                tr("a.u.")};
        for (const auto& [t, load] : loadHistory(m_shownPair, foot)) {
            c.times.push_back(t);
            c.values.push_back(load);
        }
        curves.push_back(std::move(c));
    }
    TimelineWidget* history = m_panels.liveHistory();
    history->setRange(start, now);
    history->setView(start, now);
    m_historyCurves = curves;
    history->setCurves(std::move(curves));
    history->setCursor(now);
}

} // namespace insolepose
