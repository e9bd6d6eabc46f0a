#include "ComparisonDock.h"

#include "ChartWidget.h"

#include "GaitDock.h"

#include "ActionRegistry.h"
#include "LabelEditor.h"
#include "PlaybackClock.h"
#include "ReviewController.h"
#include "StudioWindow.h"
#include "insolepose/Error.h"
#include "insolepose/LatestWinsWorker.h"
#include "insolepose/Session.h"
#include "insolepose/widgets/TimelineWidget.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace insolepose {

namespace {

QString cm(double v) { return std::isfinite(v) ? QString::number(v, 'f', 2) : QStringLiteral("–"); }

} // namespace

/// The poses to compare, copied out on the UI thread; the worker fills in the comparisons.
struct ComparisonDock::Job {
    quint64 generation = 0;
    std::string primaryName, againstName;
    std::vector<analysis::PosePair> primaryPairs, againstPairs;
    analysis::PoseComparison primary;
    std::optional<analysis::PoseComparison> against;
    TimeCurve distance; ///< Between the two models' predictions.

    /// The heavy part (a Procrustes alignment per frame), on the worker thread.
    void run()
    {
        primary = analysis::comparePairs(primaryName, primaryPairs);
        if (!againstName.empty()) {
            against = analysis::comparePairs(againstName, againstPairs);
            distance = analysis::distanceBetween(primaryPairs, againstPairs);
        }
    }
};

struct ComparisonDock::Worker {
    explicit Worker(ComparisonDock* dock)
        : thread([dock](std::shared_ptr<Job>& job) {
              job->run();
              QMetaObject::invokeMethod(
                  dock, [dock, job] { dock->apply(job); }, Qt::QueuedConnection);
          })
    {}
    LatestWinsWorker<std::shared_ptr<Job>> thread;
};

ComparisonDock::ComparisonDock(StudioWindow& window)
    : QObject(&window), m_window(window), m_worker(std::make_unique<Worker>(this))
{
    m_worker->thread.start();
    buildDock();
    connect(window.review(), &ReviewController::sessionOpened, this, &ComparisonDock::sessionChanged);
    connect(window.clock(), &PlaybackClock::loopChanged, this, &ComparisonDock::refresh);
    connect(window.clock(), &PlaybackClock::cursorChanged, this, &ComparisonDock::showCursor);
    connect(window.labelEditor(), &LabelEditor::documentChanged, this, [this] {
        if (m_input) {
            m_input->labels = currentLabels();
            refresh();
        }
    });
}

std::optional<LabelTrack> ComparisonDock::currentLabels() const
{
    // The labels as edited in the studio (LabelEditor), else as stored in the session.
    if (const auto& edited = m_window.labelEditor()->tracks(); !edited.empty())
        return edited.front();
    const Session* s = m_window.review()->session();
    if (s && !s->labelTracks().empty())
        return s->labelTracks().front();
    return std::nullopt;
}

ComparisonDock::~ComparisonDock() { m_worker->thread.stop(); }

void ComparisonDock::buildDock()
{
    m_dock = new QDockWidget(tr("Comparison"), &m_window);
    m_dock->setObjectName("dock.comparison");
    auto* body = new QWidget(m_dock);
    auto* layout = new QVBoxLayout(body);
    auto* form = new QFormLayout;
    m_primaryBox = new QComboBox(body);
    m_againstBox = new QComboBox(body);
    form->addRow(tr("Prediction:"), m_primaryBox);
    form->addRow(tr("Against:"), m_againstBox);
    layout->addLayout(form);
    m_scopeLabel = new QLabel(body);
    m_cursorLabel = new QLabel(body);
    layout->addWidget(m_scopeLabel);
    layout->addWidget(m_cursorLabel);
    auto* chart = new ChartWidget(body);
    chart->setMinimumHeight(220);
    m_chart = chart;
    layout->addWidget(m_chart, 2);
    m_table = new QTableWidget(body);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    layout->addWidget(m_table, 2);
    layout->addWidget(new QLabel(tr("Worst frames (click to go there):"), body));
    m_worst = new QListWidget(body);
    layout->addWidget(m_worst, 1);
    auto* exportButton = new QPushButton(tr("Export…"), body);
    layout->addWidget(exportButton);
    m_dock->setWidget(verticalScroller(body, m_dock));
    m_window.addDockWidget(Qt::RightDockWidgetArea, m_dock);
    m_dock->hide();

    connect(m_primaryBox, &QComboBox::activated, this, &ComparisonDock::modelsChosen);
    connect(m_againstBox, &QComboBox::activated, this, &ComparisonDock::modelsChosen);
    connect(m_worst, &QListWidget::itemClicked, this,
            [this](QListWidgetItem* item) { m_window.clock()->setCursor(item->data(Qt::UserRole).toLongLong()); });
    connect(exportButton, &QPushButton::clicked, this, &ComparisonDock::chooseExportFolder);
    connect(m_dock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible && m_stale)
            submit();
    });
}

void ComparisonDock::defineActions(ActionRegistry& registry)
{
    // Every part of the window exists by now (the gait dock is made after this one): the split by
    // gait phase follows the gait dock's analysis.
    if (GaitDock* gait = m_window.gait())
        connect(gait, &GaitDock::updated, this, [this] {
            if (m_input && m_window.gait()->analysis()) {
                m_input->gaitPhases = report::gaitPhasesOf(m_input->primary, m_window.gait()->analysis()->contacts);
                refresh();
            }
        });
    QAction* show = registry.add({.id = "analysis.comparison",
                                  .menu = "Analysis",
                                  .text = tr("&Comparison"),
                                  .help = tr("show the comparison of ground truth and predictions"),
                                  .handler = [this](bool on) { m_dock->setVisible(on); },
                                  .checkable = true});
    connect(m_dock, &QDockWidget::visibilityChanged, show, [this, show] { show->setChecked(m_dock->isVisible()); });
    registry.add({.id = "analysis.exportComparison",
                  .menu = "Analysis",
                  .text = tr("&Export comparison…"),
                  .help = tr("write the comparison as CSV, PNG charts and a one-page PDF"),
                  .handler = [this](bool) { chooseExportFolder(); }});
}

QStringList ComparisonDock::models() const
{
    QStringList names;
    if (const Session* s = m_window.review()->session())
        for (const auto& p : s->predictions())
            names << QString::fromStdString(p.name());
    return names;
}

void ComparisonDock::sessionChanged()
{
    const QStringList names = models();
    const QString primary = m_primaryBox->currentText(), against = m_againstBox->currentText();
    m_primaryBox->clear();
    m_primaryBox->addItems(names);
    m_againstBox->clear();
    m_againstBox->addItem(tr("(none)"));
    m_againstBox->addItems(names);
    if (names.contains(primary))
        m_primaryBox->setCurrentText(primary);
    if (names.contains(against))
        m_againstBox->setCurrentText(against);
    modelsChosen();
}

void ComparisonDock::setModels(const QString& primary, const QString& against)
{
    m_primaryBox->setCurrentText(primary);
    m_againstBox->setCurrentIndex(against.isEmpty() ? 0 : m_againstBox->findText(against));
    modelsChosen();
}

void ComparisonDock::modelsChosen()
{
    ReviewController* review = m_window.review();
    const std::string primary = m_primaryBox->currentText().toStdString();
    const std::string against = m_againstBox->currentIndex() > 0 ? m_againstBox->currentText().toStdString() : "";
    review->setShownPrediction(primary);
    if (!review->extraCurves().empty())
        review->setExtraCurves({}); // until the new comparison is ready
    submit();
}

void ComparisonDock::submit()
{
    // Computed while the dock is shown; a hidden dock catches up when it opens (or on export).
    m_stale = !m_dock->isVisible();
    if (m_stale)
        return;
    if (auto job = makeJob(); !job->primaryName.empty())
        m_worker->thread.submit(job);
    else
        apply(job); // nothing to compare: an empty dock
}

std::shared_ptr<ComparisonDock::Job> ComparisonDock::makeJob()
{
    const Session* s = m_window.review()->session();
    const KeypointStream* a = s ? s->prediction(m_primaryBox->currentText().toStdString()) : nullptr;
    auto job = std::make_shared<Job>();
    job->generation = ++m_pending;
    if (!a || s->groundTruth().size() == 0)
        return job;
    job->primaryName = a->name();
    job->primaryPairs = analysis::matchPoses(s->groundTruth(), *a);
    if (m_againstBox->currentIndex() > 0)
        if (const KeypointStream* b = s->prediction(m_againstBox->currentText().toStdString())) {
            job->againstName = b->name();
            job->againstPairs = analysis::matchPoses(s->groundTruth(), *b);
        }
    return job;
}

void ComparisonDock::apply(std::shared_ptr<Job> job)
{
    if (job->generation != m_pending)
        return; // a newer job is on its way
    m_applied = job->generation;
    const Session* s = m_window.review()->session();
    if (job->primaryName.empty() || !s) {
        m_input.reset();
    } else {
        m_input = std::make_unique<report::ComparisonInput>();
        m_input->session = QString::fromStdString(s->metadata().id);
        m_input->sessionStart_ns = s->timeRange().first;
        m_input->primary = std::move(job->primary);
        m_input->second = std::move(job->against);
        if (m_input->second) {
            const QString name =
                tr("%1 vs %2").arg(QString::fromStdString(job->primaryName), QString::fromStdString(job->againstName));
            m_window.review()->setExtraCurves({{name, QColor(40, 170, 120), std::move(job->distance.times_ns),
                                                std::move(job->distance.values), tr("cm")}});
        }
        m_input->labels = currentLabels();
        if (const analysis::GaitAnalysis* gait = m_window.gait() ? m_window.gait()->analysis() : nullptr)
            m_input->gaitPhases = report::gaitPhasesOf(m_input->primary, gait->contacts);
    }
    refresh();
}

std::pair<TimeNs, TimeNs> ComparisonDock::scope() const
{
    if (const auto loop = m_window.clock()->loop())
        return {loop->first, loop->second};
    return {m_window.clock()->start_ns(), m_window.clock()->end_ns() + 1};
}

void ComparisonDock::refresh()
{
    m_tables.reset();
    if (m_input) {
        std::tie(m_input->from_ns, m_input->to_ns) = scope();
        m_tables = std::make_unique<report::ComparisonTables>(report::computeTables(*m_input));
    }
    const TimeNs start = m_window.clock()->start_ns();
    m_scopeLabel->setText(!m_input                   ? tr("No predictions to compare (File > Predict session).")
                          : m_window.clock()->loop() ? tr("Loop range %1–%2 s: %3 frames")
                                                           .arg(nsToSeconds(m_input->from_ns - start), 0, 'f', 2)
                                                           .arg(nsToSeconds(m_input->to_ns - start), 0, 'f', 2)
                                                           .arg(m_tables->primary.frames)
                                                     : tr("Whole session: %1 frames").arg(m_tables->primary.frames));
    fillTable();
    fillWorst();
    showCursor(m_window.clock()->cursor_ns());
    Q_EMIT updated();
}

void ComparisonDock::fillTable()
{
    m_table->clear();
    m_table->setRowCount(0);
    if (!m_tables)
        return;
    const bool two = m_tables->second.has_value();
    QStringList header{tr("Group"), tr("Name"), tr("Frames"), tr("MPJPE (cm)"), tr("PA-MPJPE (cm)")};
    if (two)
        header << tr("MPJPE %1 (cm)").arg(QString::fromStdString(m_input->second->model));
    m_table->setColumnCount(int(header.size()));
    m_table->setHorizontalHeaderLabels(header);
    const auto addRow = [this](QStringList cells) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        for (int c = 0; c < cells.size(); ++c)
            m_table->setItem(row, c, new QTableWidgetItem(cells[c]));
    };
    const analysis::ErrorStats& p = m_tables->primary;
    const auto frames = QString::number(p.frames);
    const auto withSecond = [&](QStringList cells, double second) { return two ? cells << cm(second) : cells; };
    addRow(withSecond({tr("all"), tr("all joints"), frames, cm(p.raw.mean_cm), cm(p.aligned.mean_cm)},
                      two ? m_tables->second->raw.mean_cm : 0));
    for (std::size_t r = 0; r < analysis::kBodyRegionCount; ++r)
        addRow(
            withSecond({tr("body region"), QString::fromUtf8(analysis::bodyRegionName(analysis::BodyRegion(r)).data()),
                        frames, cm(p.raw.region_cm[r]), cm(p.aligned.region_cm[r])},
                       two ? m_tables->second->raw.region_cm[r] : 0));
    for (std::size_t a = 0; a < 3; ++a)
        addRow(
            withSecond({tr("axis"), QString(QChar("xyz"[a])), frames, cm(p.raw.axis_cm[a]), cm(p.aligned.axis_cm[a])},
                       two ? m_tables->second->raw.axis_cm[a] : 0));
    for (const auto& [label, st] : m_tables->byLabel)
        addRow({tr("action"), QString::fromStdString(label), QString::number(st.frames), cm(st.raw.mean_cm),
                cm(st.aligned.mean_cm)});
    for (const auto& [phase, st] : m_tables->byGaitPhase)
        addRow({tr("gait phase"), QString::fromStdString(phase), QString::number(st.frames), cm(st.raw.mean_cm),
                cm(st.aligned.mean_cm)});
    m_table->resizeColumnsToContents();
}

void ComparisonDock::fillWorst()
{
    m_worst->clear();
    if (!m_tables)
        return;
    for (std::size_t r = 0; r < m_tables->worst.size(); ++r) {
        const analysis::FrameError& f = m_input->primary.frames[m_tables->worst[r]];
        auto* item = new QListWidgetItem(tr("%1. %2 s   MPJPE %3 cm   PA-MPJPE %4 cm")
                                             .arg(r + 1)
                                             .arg(nsToSeconds(f.time_ns - m_window.clock()->start_ns()), 0, 'f', 3)
                                             .arg(cm(f.raw.mean_cm), cm(f.aligned.mean_cm)),
                                         m_worst);
        item->setData(Qt::UserRole, qlonglong(f.time_ns));
    }
}

void ComparisonDock::showCursor(TimeNs t_ns)
{
    m_cursorFrame.reset();
    if (m_input && !m_input->primary.frames.empty()) {
        const auto& frames = m_input->primary.frames;
        auto it = std::lower_bound(frames.begin(), frames.end(), t_ns,
                                   [](const analysis::FrameError& f, TimeNs t) { return f.time_ns < t; });
        if (it != frames.begin() && (it == frames.end() || t_ns - std::prev(it)->time_ns < it->time_ns - t_ns))
            --it;
        if (std::llabs(it->time_ns - t_ns) <= kGroundTruthTolerance_ns)
            m_cursorFrame = std::size_t(it - frames.begin());
    }
    m_cursorLabel->setText(cursorText());
    if (!m_tables) {
        static_cast<ChartWidget*>(m_chart)->setChart(std::nullopt);
        return;
    }
    report::BarChart chart = report::jointChart(*m_input, *m_tables);
    chart.title = tr("Mean error per joint (cm)");
    if (m_cursorFrame) {
        const auto& joints = m_input->primary.frames[*m_cursorFrame].raw.joint_cm;
        chart.series.push_back({tr("at cursor"), QColor(200, 60, 60), {joints.begin(), joints.end()}});
    }
    static_cast<ChartWidget*>(m_chart)->setChart(std::move(chart));
}

QString ComparisonDock::cursorText() const
{
    if (!m_cursorFrame)
        return tr("At the cursor: no compared frame");
    const analysis::FrameError& f = m_input->primary.frames[*m_cursorFrame];
    return tr("At the cursor (%1 s): MPJPE %2 cm, PA-MPJPE %3 cm")
        .arg(nsToSeconds(f.time_ns - m_window.clock()->start_ns()), 0, 'f', 3)
        .arg(cm(f.raw.mean_cm), cm(f.aligned.mean_cm));
}

bool ComparisonDock::exportTo(const QString& dir)
{
    if (m_stale || isBusy()) { // export what the choices say now, even from a hidden dock
        const auto job = makeJob();
        job->run();
        apply(job);
        m_stale = false;
    }
    if (!m_input) {
        m_window.showError(tr("Export comparison"), tr("There is nothing to compare: no predictions in this session."));
        return false;
    }
    try {
        report::writeComparison(dir.toStdString(), *m_input);
    } catch (const std::exception& e) {
        m_window.showError(tr("Export comparison"), QString::fromStdString(e.what()));
        return false;
    }
    return true;
}

void ComparisonDock::chooseExportFolder()
{
    const QString dir = QFileDialog::getExistingDirectory(&m_window, tr("Export the comparison into"));
    if (!dir.isEmpty())
        exportTo(dir);
}

} // namespace insolepose
