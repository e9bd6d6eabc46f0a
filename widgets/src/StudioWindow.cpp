#include "insolepose/widgets/StudioWindow.h"

#include "insolepose/Error.h"
#include "insolepose/SessionStore.h"
#include "insolepose/widgets/HeatmapWidget.h"
#include "insolepose/widgets/SkeletonView.h"

#include <QAction>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLoggingCategory>
#include <QMenuBar>
#include <QMessageBox>
#include <QSlider>
#include <QStatusBar>
#include <QVBoxLayout>

Q_LOGGING_CATEGORY(lcStudio, "insolepose.studio")

namespace insolepose {

StudioWindow::StudioWindow(QWidget* parent) : QMainWindow(parent)
{
    setWindowTitle(tr("InsolePose Studio"));
    auto* fileMenu = menuBar()->addMenu(tr("&File"));
    QAction* open = fileMenu->addAction(tr("&Open session…"));
    open->setShortcut(QKeySequence::Open);
    connect(open, &QAction::triggered, this, &StudioWindow::chooseSession);
    fileMenu->addSeparator();
    QAction* quit = fileMenu->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    auto* central = new QWidget(this);
    auto* grid = new QGridLayout(central);

    auto* pressure = new QHBoxLayout;
    for (int f = 0; f < 2; ++f) {
        m_heatmaps[f] = new HeatmapWidget(central);
        m_heatmaps[f]->setTitle(f == 0 ? tr("Left foot") : tr("Right foot"));
        pressure->addWidget(m_heatmaps[f]);
    }
    grid->addLayout(pressure, 0, 0, 2, 1);

    auto* gtTitle = new QLabel(tr("Ground truth"), central);
    m_gtView = new SkeletonView(central);
    m_predTitle = new QLabel(tr("Prediction"), central);
    m_predView = new SkeletonView(central);
    auto* skeletons = new QVBoxLayout;
    skeletons->addWidget(gtTitle);
    skeletons->addWidget(m_gtView, 1);
    skeletons->addWidget(m_predTitle);
    skeletons->addWidget(m_predView, 1);
    grid->addLayout(skeletons, 0, 1, 2, 1);
    grid->setColumnStretch(0, 2);
    grid->setColumnStretch(1, 3);

    auto* transport = new QHBoxLayout;
    m_slider = new QSlider(Qt::Horizontal, central);
    m_slider->setEnabled(false);
    m_timeLabel = new QLabel(tr("no session"), central);
    m_timeLabel->setMinimumWidth(220);
    transport->addWidget(m_slider, 1);
    transport->addWidget(m_timeLabel);
    grid->addLayout(transport, 2, 0, 1, 2);
    setCentralWidget(central);

    connect(m_slider, &QSlider::valueChanged, this,
            [this](int ms) { setCursor(m_start_ns + TimeNs(ms) * kNsPerMs); });
    statusBar()->showMessage(tr("Open a session folder with File > Open"));
    resize(1100, 720);
}

StudioWindow::~StudioWindow() = default;

void StudioWindow::chooseSession()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open session folder"));
    if (!dir.isEmpty())
        openSession(dir);
}

bool StudioWindow::openSession(const QString& folder)
{
    std::unique_ptr<Session> opened;
    try {
        opened = std::make_unique<Session>(SessionReader::open(folder.toStdString()));
    } catch (const Error& e) {
        m_lastError = QString::fromStdString(e.what());
        qCWarning(lcStudio) << "cannot open" << folder << ":" << m_lastError;
        statusBar()->showMessage(tr("Cannot open session: %1").arg(m_lastError));
        auto* box = new QMessageBox(QMessageBox::Critical, tr("Cannot open session"), m_lastError,
                                    QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return false;
    }
    m_session = std::move(opened);
    m_lastError.clear();
    const auto [start, end] = m_session->timeRange();
    m_start_ns = start;
    m_slider->setRange(0, int((end - start) / kNsPerMs));
    m_slider->setEnabled(true);
    const auto& preds = m_session->predictions();
    m_predTitle->setText(preds.empty() ? tr("Prediction (none in this session)")
                                       : tr("Prediction (%1)").arg(QString::fromStdString(preds.front().name())));
    setWindowTitle(tr("InsolePose Studio — %1").arg(QString::fromStdString(m_session->metadata().id)));
    for (const auto& w : m_session->warnings())
        qCWarning(lcStudio) << QString::fromStdString(w);
    statusBar()->showMessage(m_session->warnings().empty()
                                 ? tr("Opened %1").arg(folder)
                                 : tr("Opened %1 with %2 warning(s): %3")
                                       .arg(folder)
                                       .arg(m_session->warnings().size())
                                       .arg(QString::fromStdString(m_session->warnings().front())));
    m_cursor_ns = start;
    m_slider->setValue(0);
    showAtCursor();
    Q_EMIT sessionOpened(folder);
    return true;
}

void StudioWindow::setCursor(TimeNs t_ns)
{
    if (!m_session)
        return;
    m_cursor_ns = t_ns;
    const QSignalBlocker block(m_slider);
    m_slider->setValue(int((t_ns - m_start_ns) / kNsPerMs));
    showAtCursor();
    Q_EMIT cursorChanged(t_ns);
}

void StudioWindow::showAtCursor()
{
    const Session& s = *m_session;
    for (Foot foot : {Foot::Left, Foot::Right}) {
        const auto& stream = s.tactile(foot);
        HeatmapWidget* view = m_heatmaps[static_cast<int>(foot)];
        if (auto i = stream.latestAt(m_cursor_ns))
            view->setFrame(s.metadata().insoles[static_cast<std::size_t>(foot)].calibration.normalize(stream.raw(*i)));
        else
            view->clearFrame();
    }
    auto poseAt = [&](const KeypointStream& k) -> std::optional<Pose> {
        if (auto i = k.nearest(m_cursor_ns); i && k.isValid(*i))
            return k.pose(*i);
        return std::nullopt;
    };
    const std::optional<Pose> gt = poseAt(s.groundTruth());
    m_gtView->setPose(gt);
    std::optional<Pose> predicted = s.predictions().empty() ? std::nullopt : poseAt(s.predictions().front());
    // Predictions live in the normalised frame (pelvis x-y at the origin, shoulders along +x):
    // place them where the ground truth stands so the two rows compare directly.
    if (predicted && gt)
        predicted = undoNormalization(*predicted, normalizationFor(*gt));
    m_predView->setPose(predicted);

    QString label;
    for (const auto& track : s.labelTracks())
        if (const auto* seg = track.at(m_cursor_ns))
            label = QString::fromStdString(seg->label);
    m_timeLabel->setText(tr("%1 s  %2").arg(nsToSeconds(m_cursor_ns - m_start_ns), 0, 'f', 3).arg(label));
}

} // namespace insolepose
