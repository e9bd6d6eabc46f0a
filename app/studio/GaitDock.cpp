#include "GaitDock.h"

#include "ChartWidget.h"

#include "ActionRegistry.h"
#include "PlaybackClock.h"
#include "ReviewController.h"
#include "StudioWindow.h"
#include "insolepose/Error.h"
#include "insolepose/Session.h"
#include "insolepose/analysis/PoseComparison.h"
#include "insolepose/report/GaitReport.h"
#include "insolepose/widgets/SkeletonView.h"
#include "insolepose/widgets/TimelineWidget.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace insolepose {

namespace {

QString seconds(double v) { return std::isfinite(v) ? QString::number(v, 'f', 3) : QStringLiteral("–"); }

QString phaseName(analysis::GaitPhase p)
{
    switch (p) {
    case analysis::GaitPhase::Stance: return GaitDock::tr("stance");
    case analysis::GaitPhase::Swing: return GaitDock::tr("swing");
    case analysis::GaitPhase::Unknown: break;
    }
    return GaitDock::tr("unknown");
}

} // namespace

GaitDock::GaitDock(StudioWindow& window) : QObject(&window), m_window(window)
{
    buildDock();
    connect(window.review(), &ReviewController::sessionOpened, this, &GaitDock::reanalyse);
    connect(window.clock(), &PlaybackClock::cursorChanged, this, &GaitDock::showCursor);
    connect(window.clock(), &PlaybackClock::loopChanged, this, &GaitDock::showChart);
}

GaitDock::~GaitDock() = default;

void GaitDock::buildDock()
{
    m_dock = new QDockWidget(tr("Gait"), &m_window);
    m_dock->setObjectName("dock.gait");
    auto* body = new QWidget(m_dock);
    auto* layout = new QVBoxLayout(body);
    m_summary = new QLabel(body);
    m_summary->setWordWrap(true);
    m_phase = new QLabel(body);
    layout->addWidget(m_summary);
    layout->addWidget(m_phase);
    auto* form = new QFormLayout;
    form->setRowWrapPolicy(QFormLayout::WrapLongRows); // fields under long labels in a narrow dock
    m_threshold = new QDoubleSpinBox(body);
    m_threshold->setRange(1, 90);
    m_threshold->setSuffix(tr(" % of load range"));
    m_threshold->setValue(100 * m_options.thresholdFraction);
    form->addRow(tr("Contact threshold:"), m_threshold);
    auto* boundsRow = new QHBoxLayout;
    const double bounds[3] = {m_regionBounds.toesEnd, m_regionBounds.forefootEnd, m_regionBounds.midfootEnd};
    const QString tips[3] = {tr("toes end"), tr("forefoot ends"), tr("midfoot ends")};
    for (int i = 0; i < 3; ++i) {
        m_bounds[i] = new QDoubleSpinBox(body);
        m_bounds[i]->setRange(0.05, 0.95);
        m_bounds[i]->setSingleStep(0.01);
        m_bounds[i]->setValue(bounds[i]);
        m_bounds[i]->setToolTip(tr("Region mask: %1 (fraction of the insole length from the toes)").arg(tips[i]));
        boundsRow->addWidget(m_bounds[i]);
    }
    form->addRow(tr("Regions (toes | forefoot | midfoot):"), boundsRow);
    m_chartBox = new QComboBox(body);
    form->addRow(tr("Chart:"), m_chartBox);
    layout->addLayout(form);
    auto* chart = new ChartWidget(body);
    chart->setMinimumHeight(240);
    m_chart = chart;
    layout->addWidget(m_chart, 3);
    m_steps = new QTableWidget(body);
    m_steps->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_steps->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_steps->verticalHeader()->hide();
    layout->addWidget(m_steps, 2);
    auto* buttons = new QHBoxLayout;
    auto* saveButton = new QPushButton(tr("Save events"), body);
    auto* exportButton = new QPushButton(tr("Export…"), body);
    buttons->addWidget(saveButton);
    buttons->addWidget(exportButton);
    layout->addLayout(buttons);
    m_dock->setWidget(verticalScroller(body, m_dock));
    m_window.addDockWidget(Qt::RightDockWidgetArea, m_dock);
    m_dock->hide();

    connect(m_threshold, &QDoubleSpinBox::valueChanged, this, [this](double percent) { setThreshold(percent / 100); });
    for (QDoubleSpinBox* box : m_bounds)
        connect(box, &QDoubleSpinBox::valueChanged, this, [this] {
            m_regionBounds = {m_bounds[0]->value(), m_bounds[1]->value(), m_bounds[2]->value()};
            showChart();
        });
    connect(m_chartBox, &QComboBox::currentIndexChanged, this, &GaitDock::showChart);
    connect(m_steps, &QTableWidget::cellClicked, this, [this](int row, int) {
        if (m_gait && row >= 0 && std::size_t(row) < m_gait->steps.size())
            m_window.clock()->setCursor(secondsToNs(m_gait->steps[std::size_t(row)].heelStrike_s));
    });
    connect(saveButton, &QPushButton::clicked, this, &GaitDock::saveEvents);
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(&m_window, tr("Export gait analysis to"));
        if (!dir.isEmpty())
            exportTo(dir);
    });
}

void GaitDock::defineActions(ActionRegistry& registry)
{
    QAction* show = registry.add({.id = "analysis.gait",
                                  .menu = "Analysis",
                                  .text = tr("&Gait"),
                                  .help = tr("show gait events, steps and pressure charts"),
                                  .handler = [this](bool on) { m_dock->setVisible(on); },
                                  .checkable = true});
    connect(m_dock, &QDockWidget::visibilityChanged, show, [this, show] {
        show->setChecked(m_dock->isVisible());
        if (m_dock->isVisible()) // not on hiding: the window may be closing (the next cursor move clears)
            showCursor();
    });
    registry.add({.id = "analysis.saveGaitEvents",
                  .menu = "Analysis",
                  .text = tr("Save gait &events"),
                  .help = tr("store the detected gait events in the session (gait_events.json)"),
                  .handler = [this](bool) { saveEvents(); }});
}

void GaitDock::setThreshold(double fraction)
{
    if (std::abs(fraction - m_options.thresholdFraction) < 1e-9)
        return;
    m_options.thresholdFraction = fraction;
    m_options.hysteresisFraction = std::min(m_options.hysteresisFraction, fraction);
    const QSignalBlocker block(m_threshold);
    m_threshold->setValue(100 * fraction);
    reanalyse();
}

void GaitDock::reanalyse()
{
    m_views[0] = m_window.groundTruthView();
    m_views[1] = m_window.predictionView();
    const Session* session = m_window.review()->session();
    m_gait = session ? std::make_unique<analysis::GaitAnalysis>(analysis::analyzeGait(*session, m_options)) : nullptr;
    fillSteps();
    publishMarkers();
    const int chosen = std::max(0, m_chartBox->currentIndex());
    {
        const QSignalBlocker block(m_chartBox);
        m_chartBox->clear();
        if (session)
            for (const report::GaitChart& c : report::gaitCharts(*session, *m_gait))
                m_chartBox->addItem(QString::fromStdString(c.file).chopped(4));
        m_chartBox->setCurrentIndex(std::min(chosen, m_chartBox->count() - 1));
    }
    showChart();
    m_summary->setText(summaryText());
    showCursor();
    Q_EMIT updated();
}

void GaitDock::fillSteps()
{
    const QStringList header = {tr("foot"),       tr("action"),    tr("heel strike (s)"),    tr("toe off (s)"),
                                tr("stance (s)"), tr("swing (s)"), tr("double support (s)"), tr("complete")};
    m_steps->clear();
    m_steps->setColumnCount(int(header.size()));
    m_steps->setHorizontalHeaderLabels(header);
    m_steps->setRowCount(m_gait ? int(m_gait->steps.size()) : 0);
    if (!m_gait)
        return;
    for (std::size_t i = 0; i < m_gait->steps.size(); ++i) {
        const analysis::GaitStep& s = m_gait->steps[i];
        const QStringList cells = {s.foot == Foot::Left ? tr("left") : tr("right"),
                                   QString::fromStdString(s.label),
                                   seconds(s.heelStrike_s),
                                   seconds(s.toeOff_s),
                                   seconds(s.stance_s),
                                   seconds(s.swing_s),
                                   seconds(s.doubleSupport_s),
                                   s.complete ? tr("yes") : tr("no")};
        for (int c = 0; c < int(cells.size()); ++c)
            m_steps->setItem(int(i), c, new QTableWidgetItem(cells[c]));
    }
}

void GaitDock::showChart()
{
    auto* chart = static_cast<ChartWidget*>(m_chart);
    const Session* session = m_window.review()->session();
    const int index = m_chartBox->currentIndex();
    if (!session || !m_gait || index < 0) {
        chart->setChart(std::nullopt);
        return;
    }
    // Pressure maps over the loop range (a selection) when one is set, else the session.
    auto charts = report::gaitCharts(*session, *m_gait, m_regionBounds, m_window.clock()->loop());
    chart->setChart(std::size_t(index) < charts.size()
                        ? std::optional<report::AnyChart>(std::move(charts[std::size_t(index)].chart))
                        : std::nullopt);
}

void GaitDock::publishMarkers()
{
    std::vector<TimelineWidget::MarkerTrack> tracks;
    m_markerCount = 0;
    if (m_gait) {
        const QColor colours[2][2] = {{QColor(33, 102, 172), QColor(146, 197, 222)},
                                      {QColor(178, 24, 43), QColor(244, 165, 130)}};
        for (Foot f : kFeet)
            for (auto kind : {analysis::GaitEventKind::HeelStrike, analysis::GaitEventKind::ToeOff}) {
                TimelineWidget::MarkerTrack t{
                    (kind == analysis::GaitEventKind::HeelStrike ? tr("%1 heel strike") : tr("%1 toe off"))
                        .arg(f == Foot::Left ? tr("Left") : tr("Right")),
                    colours[int(f)][int(kind)],
                    {}};
                for (const analysis::GaitEvent& e : m_gait->events)
                    if (e.foot == f && e.kind == kind)
                        t.times.push_back(e.time_ns);
                m_markerCount += t.times.size();
                tracks.push_back(std::move(t));
            }
    }
    m_window.timeline()->setMarkerTracks(std::move(tracks));
}

QString GaitDock::summaryText() const
{
    if (!m_gait)
        return tr("No session.");
    const analysis::GaitSummary& g = m_gait->session;
    QString text = tr("%1 steps (left %2, right %3, incomplete %4); cadence %5 steps/min")
                       .arg(g.totalSteps)
                       .arg(g.steps[Foot::Left])
                       .arg(g.steps[Foot::Right])
                       .arg(g.incompleteSteps)
                       .arg(std::isfinite(g.cadence_steps_per_min) ? QString::number(g.cadence_steps_per_min, 'f', 1)
                                                                   : QStringLiteral("–"));
    if (const Session* session = m_window.review()->session(); session && !session->predictions().empty()) {
        // The first stored prediction's pose error split by gait phase (docs/GAIT.md).
        const KeypointStream& model = session->predictions().front();
        const analysis::PoseComparison c = analysis::comparePoses(session->groundTruth(), model);
        std::vector<TimeNs> times;
        for (const analysis::FrameError& f : c.frames)
            times.push_back(f.time_ns);
        QStringList parts;
        for (const auto& [phase, stats] :
             analysis::summarizeByCategory(c, analysis::phaseCategories(m_gait->contacts, times)))
            parts << tr("%1 %2 cm (%3 frames)")
                         .arg(QString::fromStdString(phase))
                         .arg(stats.raw.mean_cm, 0, 'f', 2)
                         .arg(stats.frames);
        if (!parts.isEmpty())
            text +=
                "\n" + tr("MPJPE of %1 by gait phase: %2").arg(QString::fromStdString(model.name()), parts.join(", "));
    }
    for (const std::string& n : m_gait->notes)
        text += "\n" + tr("Note: %1").arg(QString::fromStdString(n));
    return text;
}

QString GaitDock::phaseText() const { return m_phase->text(); }

void GaitDock::showCursor()
{
    if (!m_gait) {
        m_phase->clear();
        setFootContacts(std::nullopt);
        return;
    }
    const TimeNs t = m_window.clock()->cursor_ns();
    const analysis::GaitPhase l = analysis::phaseAt(m_gait->contacts, Foot::Left, t);
    const analysis::GaitPhase r = analysis::phaseAt(m_gait->contacts, Foot::Right, t);
    m_phase->setText(tr("At the cursor: left %1, right %2").arg(phaseName(l), phaseName(r)));
    // Contact on the skeletons' feet while the dock is shown.
    std::optional<std::array<bool, 2>> contacts;
    if (m_dock->isVisible())
        contacts = std::array<bool, 2>{l == analysis::GaitPhase::Stance, r == analysis::GaitPhase::Stance};
    setFootContacts(contacts);
}

void GaitDock::setFootContacts(const std::optional<std::array<bool, 2>>& contacts)
{
    for (const QPointer<SkeletonView>& view : m_views)
        if (view)
            view->setFootContacts(contacts);
}

bool GaitDock::saveEvents()
{
    const Session* session = m_window.review()->session();
    if (!session || !m_gait)
        return false;
    try {
        analysis::writeGaitEvents(session->path() / analysis::kGaitEventsFile, m_gait->events);
        return true;
    } catch (const Error& e) {
        m_window.showError(tr("Cannot save gait events"), QString::fromUtf8(e.what()));
        return false;
    }
}

bool GaitDock::exportTo(const QString& dir)
{
    const Session* session = m_window.review()->session();
    if (!session || !m_gait)
        return false;
    try {
        report::writeGaitOutputs(dir.toStdString(), *session, *m_gait);
        return true;
    } catch (const Error& e) {
        m_window.showError(tr("Cannot export the gait analysis"), QString::fromUtf8(e.what()));
        return false;
    }
}

} // namespace insolepose
