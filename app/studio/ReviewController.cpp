#include "ReviewController.h"

#include "StudioPanels.h"
#include "insolepose/Error.h"
#include "insolepose/Session.h"
#include "insolepose/SessionCurves.h"
#include "insolepose/SessionReader.h"
#include "insolepose/widgets/HeatmapWidget.h"
#include "insolepose/widgets/SkeletonView.h"
#include "insolepose/widgets/TimelineWidget.h"
#include "insolepose/widgets/VideoPanel.h"

#include <QFileInfo>
#include <QLabel>
#include <QLoggingCategory>
#include <QSettings>

#include <algorithm>

Q_LOGGING_CATEGORY(lcReview, "insolepose.studio.review")

namespace insolepose {

namespace {

const SampleStream* streamFor(const Session& s, StepTarget target, const KeypointStream* prediction)
{
    switch (target.stream) {
    case StepStream::LeftInsole: return &s.tactile(Foot::Left).samples();
    case StepStream::RightInsole: return &s.tactile(Foot::Right).samples();
    case StepStream::GroundTruth: return &s.groundTruth().samples();
    case StepStream::Prediction: return prediction ? &prediction->samples() : nullptr;
    case StepStream::Camera:
        return target.camera >= 0 && std::size_t(target.camera) < s.cameras().size()
                   ? &s.cameras()[std::size_t(target.camera)].frames
                   : nullptr;
    }
    return nullptr;
}

const Calibration& calibrationOf(const Session& s, Foot foot) { return s.metadata().insoles[foot].calibration; }

/// The first time at which both insoles and the shown prediction (if any) have a frame: a session
/// opens there, not at its very start where the heatmaps and the prediction row would be empty.
TimeNs firstTimeWithData(const Session& s, const KeypointStream* prediction)
{
    TimeNs t = s.timeRange().first;
    for (Foot foot : kFeet)
        if (s.tactile(foot).size())
            t = std::max(t, s.tactile(foot).timeAt(0));
    if (prediction && prediction->size())
        t = std::max(t, prediction->timeAt(0));
    return t;
}

} // namespace

ReviewController::ReviewController(StudioPanels& panels, PlaybackClock& clock, QObject* parent)
    : QObject(parent), m_panels(panels), m_clock(clock)
{
    connect(&m_clock, &PlaybackClock::cursorChanged, this, [this](qint64 t) {
        if (m_session && m_clock.isEnabled())
            showAt(t);
    });
}

ReviewController::~ReviewController() = default;

bool ReviewController::openSession(const QString& folder)
{
    std::unique_ptr<Session> opened;
    try {
        opened = std::make_unique<Session>(SessionReader::open(folder.toStdString()));
    } catch (const Error& e) {
        // The message always names the folder, even when the error itself names only a file in it.
        QString message = QString::fromStdString(e.what());
        if (folder.isEmpty())
            message = tr("no folder given");
        else if (!message.contains(folder))
            message = tr("%1: %2").arg(folder, message);
        Q_EMIT errorOccurred(tr("Cannot open session"), message);
        return false;
    }
    if (m_mayReplace && !m_mayReplace(folder))
        return false;
    Q_EMIT aboutToReplaceSession();
    m_panels.videoPanel()->setSession(nullptr);
    m_session = std::move(opened);
    const Session& s = *m_session;
    updatePredictionCaption();
    for (const auto& w : s.warnings())
        qCWarning(lcReview) << QString::fromStdString(w);
    Q_EMIT statusMessage(s.warnings().empty() ? tr("Opened %1").arg(folder)
                                              : tr("Opened %1 with %2 warning(s): %3")
                                                    .arg(folder)
                                                    .arg(s.warnings().size())
                                                    .arg(QString::fromStdString(s.warnings().front())),
                         10000);
    for (Foot foot : kFeet)
        m_panels.heatmap(foot)->setBadTaxels(calibrationOf(s, foot).badTaxels());
    m_panels.videoPanel()->setSession(m_session.get());
    const auto [start, end] = s.timeRange();
    m_panels.timeline()->setRange(start, end);
    if (!m_labelTracks) {
        std::vector<LabelSegment> segments;
        for (const auto& track : s.labelTracks())
            segments.insert(segments.end(), track.segments().begin(), track.segments().end());
        m_panels.timeline()->setLabels(std::move(segments), defaultActionVocabulary());
    }
    m_loadCurves.clear();
    m_errorCurveOf = nullptr;
    computeCurves();

    m_clock.setStreams(this);
    m_clock.setEnabled(true);
    m_clock.setRange(start, end);
    m_clock.setCursor(firstTimeWithData(s, shownPrediction()));
    addRecent(QFileInfo(folder).absoluteFilePath());
    m_panels.statusMode()->setText(tr("review"));
    Q_EMIT sessionOpened(folder);
    return true;
}

bool ReviewController::setSyncOffset(const std::string& stream, TimeNs offset_ns)
{
    if (!m_session || !m_session->setSyncOffset(stream, offset_ns))
        return false;
    const auto [start, end] = m_session->timeRange();
    m_panels.timeline()->setRange(start, end);
    m_loadCurves.clear();
    m_errorCurveOf = nullptr;
    computeCurves();
    const TimeNs cursor = m_clock.cursor_ns();
    m_clock.setRange(start, end);
    m_clock.setCursor(cursor);
    showAt(m_clock.cursor_ns());
    return true;
}

void ReviewController::updatePredictionCaption()
{
    const KeypointStream* shown = shownPrediction();
    m_panels.predictionView()->setCaption(!shown ? tr("Prediction (none in this session: File > Predict session)")
                                                 : tr("Prediction (%1)").arg(QString::fromStdString(shown->name())));
}

void ReviewController::computeCurves()
{
    const Session& s = *m_session;
    const FootPair<QColor> footColours{{QColor(66, 135, 245), QColor(245, 120, 66)}};
    for (Foot foot : kFeet) {
        if (m_loadCurves.size() == kFeet.size())
            break; // once per session: the other curves change with the shown model
        TimeCurve load = loadCurve(s.tactile(foot), calibrationOf(s, foot));
        m_loadCurves.push_back({tr("%1 load").arg(foot == Foot::Left ? tr("left") : tr("right")), footColours[foot],
                                std::move(load.times_ns), std::move(load.values), tr("a.u.")});
    }
    std::vector<TimelineWidget::Curve> curves = m_loadCurves;
    if (shownPrediction() && s.groundTruth().size()) {
        if (m_errorCurveOf != shownPrediction()) { // once per shown model
            TimeCurve error = errorCurve(s.groundTruth(), *shownPrediction());
            m_errorCurve = {tr("error"), QColor(225, 90, 225), std::move(error.times_ns), std::move(error.values),
                            tr("cm")};
            m_errorCurveOf = shownPrediction();
        }
        curves.push_back(m_errorCurve);
    }
    curves.insert(curves.end(), m_extraCurves.begin(), m_extraCurves.end());
    m_panels.timeline()->setCurves(std::move(curves));
}

const KeypointStream* ReviewController::shownPrediction() const
{
    if (!m_session || m_session->predictions().empty())
        return nullptr;
    const KeypointStream* chosen = m_session->prediction(m_shownPrediction);
    return chosen ? chosen : &m_session->predictions().front();
}

void ReviewController::setShownPrediction(const std::string& model)
{
    if (model == m_shownPrediction)
        return;
    m_shownPrediction = model;
    if (!m_session)
        return;
    updatePredictionCaption();
    computeCurves();
    if (m_clock.isEnabled())
        showAt(m_clock.cursor_ns());
}

void ReviewController::setExtraCurves(std::vector<TimelineWidget::Curve> curves)
{
    m_extraCurves = std::move(curves);
    if (m_session)
        computeCurves();
}

void ReviewController::showAt(TimeNs t)
{
    const Session& s = *m_session;
    for (Foot foot : kFeet) {
        const auto& stream = s.tactile(foot);
        HeatmapWidget* view = m_panels.heatmap(foot);
        const auto& cal = calibrationOf(s, foot);
        const auto i = stream.latestAt(t);
        if (!i) {
            view->clearFrame();
            view->setCentreTrail({});
            view->setInfo({});
            continue;
        }
        const std::vector<float> values = cal.normalize(stream.raw(*i));
        view->setFrame(values, kModelGrid);
        const PressureStats st = pressureStats(values, kModelGrid);
        view->setInfo(tr("load %1  contact %2 taxels").arg(st.load, 0, 'f', 1).arg(st.contactTaxels));
        std::vector<QPointF> trail;
        for (const CentreOfPressure& c : pressureTrail(stream, cal, t))
            trail.emplace_back(c.col, c.row);
        view->setCentreTrail(std::move(trail));
    }
    const std::optional<Pose> gt = poseNear(s.groundTruth(), t, kGroundTruthTolerance_ns);
    std::optional<Pose> predicted =
        shownPrediction() ? poseNear(*shownPrediction(), t, kPredictionTolerance_ns) : std::nullopt;
    std::optional<std::array<float, kKeypointCount>> errors;
    if (predicted && gt) {
        // Predictions live in the normalised frame (pelvis x-y at the origin, shoulders along +x):
        // place them where the ground truth stands so the two rows compare directly.
        errors = jointErrors_cm(*predicted, *gt);
        predicted = undoNormalization(*predicted, normalizationFor(*gt));
    }
    m_panels.groundTruthView()->setPose(gt);
    m_panels.groundTruthView()->setOverlayPose(m_overlay ? predicted : std::nullopt);
    m_panels.predictionView()->setPose(predicted);
    m_panels.predictionView()->setJointErrors(m_errorColours ? errors : std::nullopt);
    m_panels.videoPanel()->showTime(t);
    m_panels.timeline()->setCursor(t);

    QString label;
    for (const auto& track : labelTracks())
        if (const auto* seg = track.at(t))
            label = QString::fromStdString(seg->label);
    QString err;
    if (errors) {
        double sum = 0;
        for (float v : *errors)
            sum += v;
        err = tr("  MPJPE %1 cm").arg(sum / kKeypointCount, 0, 'f', 1);
    }
    m_panels.timeLabel()->setText(tr("%1 / %2 s  %3%4")
                                      .arg(nsToSeconds(t - m_clock.start_ns()), 0, 'f', 3)
                                      // Same precision as the cursor: a rounded end (105.0) read
                                      // as if the cursor (105.004) had passed it.
                                      .arg(nsToSeconds(m_clock.end_ns() - m_clock.start_ns()), 0, 'f', 3)
                                      .arg(label, err));
    ++m_framesShown;
}

std::vector<std::pair<QString, StepTarget>> ReviewController::stepTargets() const
{
    std::vector<std::pair<QString, StepTarget>> out{{tr("left insole"), {StepStream::LeftInsole}},
                                                    {tr("right insole"), {StepStream::RightInsole}}};
    if (!m_session)
        return out;
    if (m_session->groundTruth().size())
        out.push_back({tr("ground truth"), {StepStream::GroundTruth}});
    if (!m_session->predictions().empty())
        out.push_back({tr("prediction"), {StepStream::Prediction}});
    for (std::size_t c = 0; c < m_session->cameras().size(); ++c)
        out.push_back({QString::fromStdString(m_session->cameras()[c].name), {StepStream::Camera, int(c)}});
    return out;
}

std::optional<std::pair<TimeNs, TimeNs>> ReviewController::labelRangeAt(TimeNs t_ns) const
{
    std::optional<std::pair<TimeNs, TimeNs>> range;
    if (m_session)
        for (const auto& track : labelTracks())
            if (const auto* seg = track.at(t_ns))
                range = std::make_pair(seg->start_ns, seg->end_ns);
    return range;
}

void ReviewController::setOverlay(bool on)
{
    m_overlay = on;
    if (m_session && m_clock.isEnabled())
        showAt(m_clock.cursor_ns());
}

void ReviewController::setErrorColouring(bool on)
{
    m_errorColours = on;
    if (m_session && m_clock.isEnabled())
        showAt(m_clock.cursor_ns());
}

void ReviewController::restoreReviewView()
{
    m_panels.statusMode()->setText(tr("review"));
    if (!m_session)
        return;
    m_panels.videoPanel()->setSession(m_session.get());
    m_panels.groundTruthView()->setCaption(tr("Ground truth"));
    updatePredictionCaption();
    showAt(m_clock.cursor_ns());
}

void ReviewController::addRecent(const QString& folder)
{
    if (!m_keepsRecent)
        return;
    QSettings settings;
    QStringList recent = settings.value("recent").toStringList();
    recent.removeAll(folder);
    recent.prepend(folder);
    while (recent.size() > 8)
        recent.removeLast();
    settings.setValue("recent", recent);
    Q_EMIT recentChanged();
}

QStringList ReviewController::recentSessions() { return QSettings().value("recent").toStringList(); }

std::size_t ReviewController::sampleCount(StepTarget target) const
{
    const SampleStream* stream = m_session ? streamFor(*m_session, target, shownPrediction()) : nullptr;
    return stream ? stream->size() : 0;
}

TimeNs ReviewController::sampleTime(StepTarget target, std::size_t i) const
{
    return streamFor(*m_session, target, shownPrediction())->timeAt(i);
}

std::vector<TimeNs> ReviewController::labelStarts_ns() const
{
    std::vector<TimeNs> starts;
    if (m_session)
        for (const auto& track : labelTracks())
            for (const auto& seg : track.segments())
                starts.push_back(seg.start_ns);
    return starts;
}

const std::vector<LabelTrack>& ReviewController::labelTracks() const
{
    return m_labelTracks ? *m_labelTracks : m_session->labelTracks();
}

} // namespace insolepose
