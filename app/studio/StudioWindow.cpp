#include "insolepose/widgets/StudioWindow.h"

#include "insolepose/Error.h"
#include "insolepose/SessionStore.h"
#include "insolepose/Version.h"
#include "insolepose/VideoReader.h"
#include "insolepose/devices/LiveSession.h"
#include "insolepose/model/PoseModel.h"
#include "insolepose/model/Training.h"
#include "insolepose/widgets/HeatmapWidget.h"
#include "insolepose/widgets/SkeletonView.h"
#include "insolepose/widgets/TimelineWidget.h"
#include "insolepose/widgets/VideoPanel.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPainter>
#include <QProgressDialog>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

Q_LOGGING_CATEGORY(lcStudio, "insolepose.studio")

namespace insolepose {

using devices::LiveSession;

struct StudioWindow::PredictionJob {
    std::filesystem::path sessionDir;
    std::string name;
    std::atomic<std::size_t> done{0}, total{0};
    model::SessionPredictions result;
    QString error;
    bool cancelled = false;
};

namespace {

constexpr double kSpeeds[] = {0.1, 0.25, 0.5, 1.0, 2.0, 4.0};

std::optional<Pose> poseNear(const KeypointStream& k, TimeNs t, TimeNs tolerance)
{
    if (auto i = k.nearest(t); i && k.isValid(*i) && std::llabs(k.timeAt(*i) - t) <= tolerance)
        return k.pose(*i);
    return std::nullopt;
}

QString defaultModelFile()
{
    // Installed next to the binaries' share folder, or the source tree's bundled model.
    const QStringList candidates{QCoreApplication::applicationDirPath() + "/../share/insolepose/models/lite-demo.pt",
                                 QStringLiteral(INSOLEPOSE_SOURCE_MODELS "/lite-demo.pt")};
    for (const QString& c : candidates)
        if (QFileInfo::exists(c))
            return QFileInfo(c).canonicalFilePath();
    return {};
}

} // namespace

StudioWindow::StudioWindow(QWidget* parent) : QMainWindow(parent)
{
    setWindowTitle(tr("InsolePose Studio"));
    setAcceptDrops(true);
    buildPanels();
    buildMenusAndTransport();
    resize(1440, 900);
    resizeDocks({m_videoDock, m_pressureDock}, {420, 330}, Qt::Vertical);
    resizeDocks({m_videoDock}, {500}, Qt::Horizontal);
    resizeDocks({m_timelineDock}, {170}, Qt::Vertical);
    m_defaultState = saveState();
    QSettings settings;
    restoreGeometry(settings.value("window/geometry").toByteArray());
    restoreState(settings.value("window/state").toByteArray());
    m_modelFile = settings.value("model/file").toString();
    if (m_modelFile.isEmpty() || !QFileInfo::exists(m_modelFile))
        m_modelFile = defaultModelFile();

    m_playTimer = new QTimer(this);
    m_playTimer->setInterval(15);
    m_playTimer->setTimerType(Qt::PreciseTimer);
    connect(m_playTimer, &QTimer::timeout, this, &StudioWindow::tick);
    m_statusTimer = new QTimer(this);
    m_statusTimer->setInterval(500);
    connect(m_statusTimer, &QTimer::timeout, this, &StudioWindow::updateStatus);
    m_statusTimer->start();
    statusBar()->showMessage(tr("Open a session folder with File > Open, drop one here, or connect insoles (Live)"));
}

StudioWindow::~StudioWindow()
{
    m_cancelPredict = true;
    if (m_predictThread.joinable())
        m_predictThread.join();
    disconnectLive();
}

void StudioWindow::buildPanels()
{
    // Centre: ground truth above prediction.
    auto* skeletons = new QSplitter(Qt::Vertical, this);
    m_gtView = new SkeletonView(skeletons);
    m_predView = new SkeletonView(skeletons);
    m_gtView->setCaption(tr("Ground truth"));
    m_predView->setCaption(tr("Prediction"));
    skeletons->addWidget(m_gtView);
    skeletons->addWidget(m_predView);
    setCentralWidget(skeletons);
    // Linked cameras: turning one turns the other (setOrbit ignores an unchanged orbit).
    connect(m_gtView, &SkeletonView::orbitChanged, m_predView, &SkeletonView::setOrbit);
    connect(m_predView, &SkeletonView::orbitChanged, m_gtView, &SkeletonView::setOrbit);
    connect(m_predView, &SkeletonView::painted, this, [this] {
        if (m_pendingArrival_ns > 0) {
            m_liveLatencies.push_back(double(devices::hostClock_ns() - m_pendingArrival_ns) / 1e6);
            m_pendingArrival_ns = 0;
            Q_EMIT livePoseShown();
        }
    });

    m_video = new VideoPanel(this);
    m_videoDock = new QDockWidget(tr("Video"), this);
    m_videoDock->setObjectName("dock.video");
    m_videoDock->setWidget(m_video);
    addDockWidget(Qt::LeftDockWidgetArea, m_videoDock);

    auto* pressure = new QWidget(this);
    auto* row = new QHBoxLayout(pressure);
    row->setContentsMargins(2, 2, 2, 2);
    for (int f = 0; f < 2; ++f) {
        m_heatmaps[f] = new HeatmapWidget(pressure);
        m_heatmaps[f]->setTitle(f == 0 ? tr("Left foot") : tr("Right foot"));
        m_heatmaps[f]->setOutline(true, f == 1);
        row->addWidget(m_heatmaps[f]);
    }
    m_pressureDock = new QDockWidget(tr("Pressure"), this);
    m_pressureDock->setObjectName("dock.pressure");
    m_pressureDock->setWidget(pressure);
    addDockWidget(Qt::LeftDockWidgetArea, m_pressureDock);

    m_timeline = new TimelineWidget(this);
    m_timelineDock = new QDockWidget(tr("Timeline"), this);
    m_timelineDock->setObjectName("dock.timeline");
    m_timelineDock->setWidget(m_timeline);
    addDockWidget(Qt::BottomDockWidgetArea, m_timelineDock);
    connect(m_timeline, &TimelineWidget::seekRequested, this, [this](qint64 t) { setCursor(t); });
    connect(m_timeline, &TimelineWidget::loopChanged, this, [this] {
        if (m_loopAct)
            m_loopAct->setChecked(m_timeline->loop().has_value());
    });

    m_statusMode = new QLabel(tr("review"), this);
    m_statusRates = new QLabel(this);
    m_statusDropped = new QLabel(this);
    m_statusLatency = new QLabel(this);
    for (QLabel* l : {m_statusMode, m_statusRates, m_statusDropped, m_statusLatency})
        statusBar()->addPermanentWidget(l);
}

void StudioWindow::buildMenusAndTransport()
{
    // File.
    auto* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open session…"), this, &StudioWindow::chooseSession);
    open->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &recent"));
    rebuildRecentMenu();
    file->addSeparator();
    file->addAction(tr("Choose &model…"), this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("Model file"), QFileInfo(m_modelFile).path(), tr("Models (*.pt)"));
        if (!f.isEmpty())
            setModelFile(f);
    });
    QAction* predict = file->addAction(tr("&Predict session"), this, [this] { predictSession(); });
    predict->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    // Transport toolbar and menu.
    auto* transport = addToolBar(tr("Transport"));
    transport->setObjectName("toolbar.transport");
    auto* playback = menuBar()->addMenu(tr("&Playback"));
    auto add = [&](const QString& text, const QKeySequence& key, auto slot, bool toolbar = true) {
        QAction* a = playback->addAction(text, this, slot);
        if (!key.isEmpty())
            a->setShortcut(key);
        a->setShortcutContext(Qt::WindowShortcut);
        if (toolbar)
            transport->addAction(a);
        return a;
    };
    add(tr("|◀ Start"), QKeySequence(Qt::Key_Home), [this] { jumpToStart(); });
    add(tr("◀◀ 1 s"), QKeySequence(Qt::SHIFT | Qt::Key_Left), [this] { setCursor(m_cursor_ns - kNsPerSecond); }, false);
    add(tr("◀ Step"), QKeySequence(Qt::Key_Left), [this] { stepFrame(-1); });
    m_playAct = add(tr("Play"), QKeySequence(Qt::Key_Space), [this] { togglePlay(); });
    add(tr("Step ▶"), QKeySequence(Qt::Key_Right), [this] { stepFrame(+1); });
    add(tr("1 s ▶▶"), QKeySequence(Qt::SHIFT | Qt::Key_Right), [this] { setCursor(m_cursor_ns + kNsPerSecond); }, false);
    add(tr("Next label ▶|"), QKeySequence(Qt::Key_N), [this] { jumpToNextLabel(); });
    add(tr("End ▶|"), QKeySequence(Qt::Key_End), [this] { jumpToEnd(); });
    // J/K/L as in video editors: slower (or reverse stops), pause, play/faster.
    add(tr("Slower (J)"), QKeySequence(Qt::Key_J), [this] { setSpeed(m_speed / 2); }, false);
    add(tr("Pause (K)"), QKeySequence(Qt::Key_K), [this] { pause(); }, false);
    add(tr("Play / faster (L)"), QKeySequence(Qt::Key_L), [this] {
        if (isPlaying())
            setSpeed(m_speed * 2);
        else
            play();
    }, false);
    m_loopAct = add(tr("Loop"), QKeySequence(Qt::CTRL | Qt::Key_L), [this] {
        if (m_loopAct->isChecked() && !m_timeline->loop()) {
            // Loop the label under the cursor, else the visible part of the timeline.
            std::optional<std::pair<TimeNs, TimeNs>> range;
            if (m_session)
                for (const auto& track : m_session->labelTracks())
                    if (const auto* seg = track.at(m_cursor_ns))
                        range = std::make_pair(seg->start_ns, seg->end_ns);
            setLoopRange(range ? range : std::optional(m_timeline->view()));
        } else if (!m_loopAct->isChecked()) {
            setLoopRange(std::nullopt);
        }
    });
    m_loopAct->setCheckable(true);
    transport->addSeparator();
    transport->addWidget(new QLabel(tr(" Speed "), this));
    m_speedBox = new QComboBox(this);
    for (double s : kSpeeds)
        m_speedBox->addItem(QStringLiteral("%1x").arg(s), s);
    m_speedBox->setCurrentIndex(3);
    m_speedBox->setFocusPolicy(Qt::NoFocus); // arrows and Space belong to the transport
    connect(m_speedBox, &QComboBox::activated, this, [this](int i) { setSpeed(m_speedBox->itemData(i).toDouble()); });
    transport->addWidget(m_speedBox);
    transport->addWidget(new QLabel(tr(" Step along "), this));
    m_stepBox = new QComboBox(this);
    m_stepBox->setFocusPolicy(Qt::NoFocus);
    transport->addWidget(m_stepBox);
    m_timeLabel = new QLabel(tr("no session"), this);
    m_timeLabel->setMinimumWidth(260);
    transport->addSeparator();
    transport->addWidget(m_timeLabel);

    // View.
    auto* view = menuBar()->addMenu(tr("&View"));
    for (QDockWidget* d : {m_videoDock, m_pressureDock, m_timelineDock})
        view->addAction(d->toggleViewAction());
    view->addAction(transport->toggleViewAction());
    view->addSeparator();
    const std::pair<QString, SkeletonView::Preset> presets[] = {{tr("Camera: default"), SkeletonView::Preset::Default},
                                                                {tr("Camera: front"), SkeletonView::Preset::Front},
                                                                {tr("Camera: side"), SkeletonView::Preset::Side},
                                                                {tr("Camera: top"), SkeletonView::Preset::Top}};
    int key = Qt::Key_1;
    for (const auto& [name, preset] : presets) {
        QAction* a = view->addAction(name, this, [this, p = preset] { m_gtView->setPreset(p); });
        a->setShortcut(QKeySequence(Qt::ALT | Qt::Key(key++)));
    }
    view->addSeparator();
    m_overlayAct = view->addAction(tr("&Overlay prediction on ground truth"), this, [this](bool on) { setOverlay(on); });
    m_overlayAct->setCheckable(true);
    m_overlayAct->setShortcut(QKeySequence(Qt::Key_O));
    m_errorAct = view->addAction(tr("Colour joints by &error"), this, [this](bool on) { setErrorColouring(on); });
    m_errorAct->setCheckable(true);
    m_errorAct->setShortcut(QKeySequence(Qt::Key_E));
    m_interpAct = view->addAction(tr("Smooth (interpolated) pressure"), this, [this](bool on) { setInterpolation(on); });
    m_interpAct->setCheckable(true);
    view->addSeparator();
    view->addAction(tr("&Reset layout"), this, &StudioWindow::resetLayout);

    // Live.
    auto* live = menuBar()->addMenu(tr("&Live"));
    live->addAction(tr("&Connect insoles…"), this, &StudioWindow::connectDialog);
    live->addAction(tr("Start &simulator and connect"), this, [this] { startSimulator(); });
    live->addAction(tr("Connect c&amera…"), this, [this] {
        if (!isLive())
            return showError(tr("Camera"), tr("Connect insoles first (the camera joins the live session)."));
        bool ok = false;
        const QString source = QInputDialog::getText(this, tr("Connect camera"),
                                                     tr("Device index (0, 1, ...), a video file or a stream URL:"),
                                                     QLineEdit::Normal, QStringLiteral("0"), &ok);
        if (ok)
            connectCamera(source);
    });
    live->addAction(tr("C&alibrate (step off the insoles, 2 s)"), this, [this] {
        if (!m_live || !m_live->isConnected())
            return showError(tr("Calibrate"), tr("Connect insoles first."));
        m_live->calibrateFromNextSeconds(2.0);
        statusBar()->showMessage(tr("Calibrating: keep the insoles unloaded for 2 s"), 3000);
    });
    live->addSeparator();
    m_recordAct = live->addAction(tr("&Record…"), this, &StudioWindow::recordDialog);
    m_recordAct->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_stopRecordAct = live->addAction(tr("S&top recording"), this, [this] {
        if (!m_live || !m_live->isRecording())
            return;
        const QString path = m_live->stats().recordingPath;
        m_live->stopRecording();
        statusBar()->showMessage(tr("Recorded %1").arg(path), 8000);
        addRecent(path);
    });
    live->addSeparator();
    live->addAction(tr("&Disconnect"), this, &StudioWindow::disconnectLive);

    auto* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard shortcuts"), this, [this] {
        auto* box = new QMessageBox(QMessageBox::Information, tr("Keyboard shortcuts"),
                                    tr("Space: play/pause\nLeft/Right: one frame of the chosen stream\n"
                                       "Shift+Left/Right: one second\nHome/End: start/end\nN: next label\n"
                                       "J/K/L: slower, pause, play/faster\nCtrl+L: loop\nO: overlay\nE: colour by error\n"
                                       "Alt+1..4: camera presets\nCtrl+P: predict session\nCtrl+R: record"),
                                    QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    help->addAction(tr("&About"), this, [this] {
        QMessageBox::about(this, tr("InsolePose Studio"),
                           tr("InsolePose Studio %1\n3D human pose from smart-insole foot pressure.").arg(kVersionString));
    });
}

QImage StudioWindow::grabWindow()
{
    QImage img = grab().toImage().convertToFormat(QImage::Format_RGB32);
    QPainter p(&img);
    for (SkeletonView* v : {m_gtView, m_predView})
        if (v->isVisible())
            p.drawImage(QRectF(QPointF(v->mapTo(this, QPoint(0, 0))), QSizeF(v->size())), v->grabFramebuffer());
    return img;
}

QList<QDockWidget*> StudioWindow::docks() const { return {m_videoDock, m_pressureDock, m_timelineDock}; }

void StudioWindow::resetLayout()
{
    restoreState(m_defaultState);
    for (QDockWidget* d : docks()) {
        d->setFloating(false);
        d->show();
    }
}

void StudioWindow::closeEvent(QCloseEvent* event)
{
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState());
    if (m_live && m_live->isRecording())
        m_live->stopRecording(); // close the session cleanly: nothing recorded is lost
    QMainWindow::closeEvent(event);
}

void StudioWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls() && event->mimeData()->urls().size() == 1 && event->mimeData()->urls()[0].isLocalFile())
        event->acceptProposedAction();
}

void StudioWindow::dropEvent(QDropEvent* event)
{
    const QString path = event->mimeData()->urls().value(0).toLocalFile();
    const QFileInfo info(path);
    openSession(info.isDir() ? path : info.path());
}

void StudioWindow::chooseSession()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open session folder"));
    if (!dir.isEmpty())
        openSession(dir);
}

void StudioWindow::addRecent(const QString& folder)
{
    QSettings settings;
    QStringList recent = settings.value("recent").toStringList();
    recent.removeAll(folder);
    recent.prepend(folder);
    while (recent.size() > 8)
        recent.removeLast();
    settings.setValue("recent", recent);
    rebuildRecentMenu();
}

void StudioWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = QSettings().value("recent").toStringList();
    for (const QString& r : recent)
        m_recentMenu->addAction(r, this, [this, r] { openSession(r); });
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void StudioWindow::showError(const QString& title, const QString& message)
{
    m_lastError = message;
    qCWarning(lcStudio).noquote() << title << ":" << message;
    statusBar()->showMessage(title + ": " + message, 10000);
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

bool StudioWindow::openSession(const QString& folder)
{
    std::unique_ptr<Session> opened;
    try {
        opened = std::make_unique<Session>(SessionReader::open(folder.toStdString()));
    } catch (const Error& e) {
        showError(tr("Cannot open session"), QString::fromStdString(e.what()));
        return false;
    }
    pause();
    if (isLive())
        disconnectLive();
    m_video->setSession(nullptr);
    m_session = std::move(opened);
    m_lastError.clear();
    std::tie(m_start_ns, m_end_ns) = m_session->timeRange();
    const auto& preds = m_session->predictions();
    m_predView->setCaption(preds.empty() ? tr("Prediction (none in this session: File > Predict session)")
                                         : tr("Prediction (%1)").arg(QString::fromStdString(preds.front().name())));
    setWindowTitle(tr("InsolePose Studio — %1").arg(QString::fromStdString(m_session->metadata().id)));
    for (const auto& w : m_session->warnings())
        qCWarning(lcStudio) << QString::fromStdString(w);
    statusBar()->showMessage(m_session->warnings().empty()
                                 ? tr("Opened %1").arg(folder)
                                 : tr("Opened %1 with %2 warning(s): %3")
                                       .arg(folder)
                                       .arg(m_session->warnings().size())
                                       .arg(QString::fromStdString(m_session->warnings().front())),
                             10000);
    for (std::size_t f = 0; f < 2; ++f) {
        const auto& bad = m_session->metadata().insoles[f].calibration.badTaxels();
        m_heatmaps[f]->setBadTaxels(bad);
    }
    m_video->setSession(m_session.get());
    m_timeline->setRange(m_start_ns, m_end_ns);
    std::vector<LabelSegment> segments;
    std::vector<std::string> vocabulary;
    for (const auto& track : m_session->labelTracks()) {
        segments.insert(segments.end(), track.segments().begin(), track.segments().end());
        vocabulary = track.vocabulary();
    }
    m_timeline->setLabels(std::move(segments), std::move(vocabulary));
    computeCurves();

    const QString previous = m_stepBox->currentData().toString();
    m_stepBox->clear();
    m_stepBox->addItem(tr("left insole"), "left");
    m_stepBox->addItem(tr("right insole"), "right");
    if (m_session->groundTruth().size())
        m_stepBox->addItem(tr("ground truth"), "truth");
    if (!preds.empty())
        m_stepBox->addItem(tr("prediction"), "prediction");
    for (std::size_t c = 0; c < m_session->cameras().size(); ++c)
        m_stepBox->addItem(QString::fromStdString(m_session->cameras()[c].name), QStringLiteral("camera%1").arg(c));
    setStepStream(previous.isEmpty() ? QStringLiteral("left") : previous);

    m_cursor_ns = m_start_ns;
    showAtCursor();
    addRecent(QFileInfo(folder).absoluteFilePath());
    m_statusMode->setText(tr("review"));
    Q_EMIT sessionOpened(folder);
    return true;
}

void StudioWindow::computeCurves()
{
    std::vector<TimelineWidget::Curve> curves;
    const Session& s = *m_session;
    const QColor footColours[2] = {QColor(66, 135, 245), QColor(245, 120, 66)};
    for (Foot foot : {Foot::Left, Foot::Right}) {
        const auto& stream = s.tactile(foot);
        const auto& cal = s.metadata().insoles[static_cast<std::size_t>(foot)].calibration;
        TimelineWidget::Curve c{tr("%1 load").arg(foot == Foot::Left ? tr("left") : tr("right")),
                                footColours[static_cast<int>(foot)], {}, {}};
        c.times.reserve(stream.size());
        c.values.reserve(stream.size());
        std::vector<float> values(std::size_t(kModelGrid.cellCount()));
        for (std::size_t i = 0; i < stream.size(); ++i) {
            cal.normalize(stream.raw(i), values);
            double sum = 0;
            for (float v : values)
                sum += std::isfinite(v) ? v : 0.0f;
            c.times.push_back(stream.timeAt(i));
            c.values.push_back(float(sum));
        }
        curves.push_back(std::move(c));
    }
    if (!s.predictions().empty() && s.groundTruth().size()) {
        const auto& gt = s.groundTruth();
        const auto& pred = s.predictions().front();
        TimelineWidget::Curve c{tr("error (cm)"), QColor(225, 90, 225), {}, {}};
        for (std::size_t i = 0; i < gt.size(); ++i) {
            if (!gt.isValid(i))
                continue;
            const auto p = poseNear(pred, gt.timeAt(i), 100 * kNsPerMs);
            if (!p)
                continue;
            c.times.push_back(gt.timeAt(i));
            c.values.push_back(100.0f * mpjpe(*p, normalizePose(gt.pose(i))));
        }
        curves.push_back(std::move(c));
    }
    m_timeline->setCurves(std::move(curves));
}

void StudioWindow::setCursor(TimeNs t_ns)
{
    if (!m_session || isLive())
        return;
    m_cursor_ns = std::clamp(t_ns, m_start_ns, m_end_ns);
    showAtCursor();
    Q_EMIT cursorChanged(m_cursor_ns);
}

void StudioWindow::showAtCursor()
{
    const Session& s = *m_session;
    const TimeNs t = m_cursor_ns;
    for (Foot foot : {Foot::Left, Foot::Right}) {
        const auto& stream = s.tactile(foot);
        HeatmapWidget* view = m_heatmaps[static_cast<int>(foot)];
        const auto& cal = s.metadata().insoles[static_cast<std::size_t>(foot)].calibration;
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
        // Centre-of-pressure trail over the last second.
        std::vector<QPointF> trail;
        std::vector<float> past(values.size());
        for (std::size_t k = *i + 1; k-- > 0;) {
            if (stream.timeAt(k) < t - kNsPerSecond)
                break;
            cal.normalize(stream.raw(k), past);
            const PressureStats ps = pressureStats(past, kModelGrid);
            if (ps.hasCentre)
                trail.emplace_back(ps.centreCol, ps.centreRow);
        }
        std::reverse(trail.begin(), trail.end());
        view->setCentreTrail(std::move(trail));
    }
    const std::optional<Pose> gt = poseNear(s.groundTruth(), t, 100 * kNsPerMs);
    std::optional<Pose> predicted = s.predictions().empty() ? std::nullopt : poseNear(s.predictions().front(), t, 200 * kNsPerMs);
    std::optional<std::array<float, kKeypointCount>> errors;
    if (predicted && gt) {
        // Predictions live in the normalised frame (pelvis x-y at the origin, shoulders along +x):
        // place them where the ground truth stands so the two rows compare directly.
        const Pose normalizedGt = normalizePose(*gt);
        std::array<float, kKeypointCount> e{};
        for (std::size_t k = 0; k < kKeypointCount; ++k)
            e[k] = 100.0f * ((*predicted)[k] - normalizedGt[k]).norm();
        errors = e;
        predicted = undoNormalization(*predicted, normalizationFor(*gt));
    }
    m_gtView->setPose(gt);
    m_gtView->setOverlayPose(m_overlay ? predicted : std::nullopt);
    m_predView->setPose(predicted);
    m_predView->setJointErrors(m_errorColours ? errors : std::nullopt);
    m_video->showTime(t);
    m_timeline->setCursor(t);

    QString label;
    for (const auto& track : s.labelTracks())
        if (const auto* seg = track.at(t))
            label = QString::fromStdString(seg->label);
    QString err;
    if (errors) {
        double sum = 0;
        for (float v : *errors)
            sum += v;
        err = tr("  MPJPE %1 cm").arg(sum / kKeypointCount, 0, 'f', 1);
    }
    m_timeLabel->setText(tr("%1 / %2 s  %3%4")
                             .arg(nsToSeconds(t - m_start_ns), 0, 'f', 3)
                             .arg(nsToSeconds(m_end_ns - m_start_ns), 0, 'f', 1)
                             .arg(label, err));
    ++m_framesThisSecond;
}

// ---- transport ------------------------------------------------------------------------------

void StudioWindow::play()
{
    if (!m_session || isLive())
        return;
    if (m_cursor_ns >= m_end_ns && !m_timeline->loop())
        m_cursor_ns = m_start_ns;
    m_lastTick_ns = devices::hostClock_ns();
    m_fpsWindowStart_ns = m_lastTick_ns;
    m_framesThisSecond = 0;
    m_playTimer->start();
    m_playAct->setText(tr("Pause"));
}

void StudioWindow::pause()
{
    if (m_playTimer)
        m_playTimer->stop();
    if (m_playAct)
        m_playAct->setText(tr("Play"));
}

void StudioWindow::togglePlay()
{
    if (isPlaying())
        pause();
    else
        play();
}

bool StudioWindow::isPlaying() const { return m_playTimer && m_playTimer->isActive(); }

void StudioWindow::setSpeed(double speed)
{
    m_speed = std::clamp(speed, 0.1, 4.0);
    int best = 0;
    for (int i = 0; i < m_speedBox->count(); ++i)
        if (std::abs(m_speedBox->itemData(i).toDouble() - m_speed) < std::abs(m_speedBox->itemData(best).toDouble() - m_speed))
            best = i;
    m_speedBox->setCurrentIndex(best);
    m_speed = m_speedBox->itemData(best).toDouble();
}

void StudioWindow::tick()
{
    const TimeNs now = devices::hostClock_ns();
    const auto advance = TimeNs(double(now - m_lastTick_ns) * m_speed);
    m_lastTick_ns = now;
    TimeNs t = m_cursor_ns + advance;
    if (const auto loop = m_timeline->loop()) {
        if (t >= loop->second || t < loop->first)
            t = loop->first + (t >= loop->second ? (t - loop->second) % std::max<TimeNs>(1, loop->second - loop->first) : 0);
    } else if (t >= m_end_ns) {
        t = m_end_ns;
        pause();
    }
    setCursor(t);
    if (now - m_fpsWindowStart_ns >= kNsPerSecond) {
        m_playFps = m_framesThisSecond * 1e9 / double(now - m_fpsWindowStart_ns);
        m_framesThisSecond = 0;
        m_fpsWindowStart_ns = now;
    }
}

QStringList StudioWindow::stepStreams() const
{
    QStringList out;
    for (int i = 0; i < m_stepBox->count(); ++i)
        out << m_stepBox->itemData(i).toString();
    return out;
}

void StudioWindow::setStepStream(const QString& stream)
{
    const int i = m_stepBox->findData(stream);
    m_stepBox->setCurrentIndex(std::max(0, i));
}

void StudioWindow::stepFrame(int direction)
{
    if (!m_session || isLive())
        return;
    pause();
    const QString which = m_stepBox->currentData().toString();
    const Session& s = *m_session;
    const SampleStream* stream = nullptr;
    if (which == "left" || which == "right")
        stream = &s.tactile(which == "left" ? Foot::Left : Foot::Right).samples();
    else if (which == "truth")
        stream = &s.groundTruth().samples();
    else if (which == "prediction" && !s.predictions().empty())
        stream = &s.predictions().front().samples();
    else if (which.startsWith("camera")) {
        const auto c = std::size_t(which.mid(6).toInt());
        if (c < s.cameras().size())
            stream = &s.cameras()[c].frames;
    }
    if (!stream || stream->size() == 0)
        return;
    const auto i = stream->latestAt(m_cursor_ns);
    std::size_t target = 0;
    if (direction > 0)
        target = i ? std::min(*i + 1, stream->size() - 1) : 0;
    else if (i)
        target = stream->timeAt(*i) < m_cursor_ns ? *i : (*i > 0 ? *i - 1 : 0);
    setCursor(stream->timeAt(target));
}

void StudioWindow::jumpToStart() { setCursor(m_start_ns); }
void StudioWindow::jumpToEnd() { setCursor(m_end_ns); }

void StudioWindow::jumpToNextLabel()
{
    if (!m_session)
        return;
    std::optional<TimeNs> next;
    for (const auto& track : m_session->labelTracks())
        for (const auto& seg : track.segments())
            if (seg.start_ns > m_cursor_ns + kNsPerMs && (!next || seg.start_ns < *next))
                next = seg.start_ns;
    if (next)
        setCursor(*next);
}

void StudioWindow::setLoopRange(std::optional<std::pair<TimeNs, TimeNs>> range)
{
    m_timeline->setLoop(range);
    m_loopAct->setChecked(range.has_value());
}

void StudioWindow::setOverlay(bool on)
{
    m_overlay = on;
    m_overlayAct->setChecked(on);
    if (m_session && !isLive())
        showAtCursor();
}

void StudioWindow::setErrorColouring(bool on)
{
    m_errorColours = on;
    m_errorAct->setChecked(on);
    if (m_session && !isLive())
        showAtCursor();
}

void StudioWindow::setInterpolation(bool on)
{
    m_interpAct->setChecked(on);
    for (auto* h : m_heatmaps)
        h->setInterpolated(on);
}

// ---- predict session ------------------------------------------------------------------------

bool StudioWindow::setModelFile(const QString& file)
{
    try {
        m_model = std::make_shared<const model::PoseModel>(model::PoseModel::load(file.toStdString()));
    } catch (const Error& e) {
        showError(tr("Cannot load model"), QString::fromStdString(e.what()));
        return false;
    }
    m_modelFile = file;
    QSettings().setValue("model/file", file);
    statusBar()->showMessage(tr("Model %1 (%2)").arg(QFileInfo(file).fileName(), QString::fromStdString(m_model->config().name)), 5000);
    return true;
}

bool StudioWindow::predictSession()
{
    if (!m_session)
        return showError(tr("Predict session"), tr("Open a session first.")), false;
    if (m_predictRunning)
        return showError(tr("Predict session"), tr("A prediction is already running.")), false;
    if (!m_model && (m_modelFile.isEmpty() || !setModelFile(m_modelFile)))
        return showError(tr("Predict session"), tr("Choose a model first (File > Choose model).")), false;
    if (m_predictThread.joinable())
        m_predictThread.join();
    pause();
    auto job = std::make_shared<PredictionJob>();
    job->sessionDir = m_session->path();
    job->name = QFileInfo(m_modelFile).completeBaseName().toStdString();
    m_job = job;
    m_cancelPredict = false;
    m_predictRunning = true;
    auto* progress = new QProgressDialog(tr("Predicting %1 with %2…").arg(QString::fromStdString(m_session->metadata().id),
                                                                          QString::fromStdString(job->name)),
                                         tr("Cancel"), 0, 1000, this);
    progress->setAttribute(Qt::WA_DeleteOnClose);
    progress->setMinimumDuration(0);
    progress->setWindowModality(Qt::WindowModal);
    connect(progress, &QProgressDialog::canceled, this, &StudioWindow::cancelPrediction);
    auto* poll = new QTimer(progress);
    connect(poll, &QTimer::timeout, progress, [progress, job] {
        if (job->total > 0)
            progress->setValue(int(1000 * job->done / job->total));
    });
    poll->start(100);
    connect(this, &StudioWindow::predictionFinished, progress, &QProgressDialog::close);
    progress->show();
    // The worker opens its own Session on the same folder (mmapped arrays, read only).
    m_predictThread = std::thread([this, job, model = m_model] {
        try {
            const Session s = insolepose::openSession(job->sessionDir);
            job->result = model::predictSession(*model, s, [&](std::size_t done, std::size_t total) {
                job->done = done;
                job->total = total;
                return !m_cancelPredict.load();
            });
            job->cancelled = m_cancelPredict.load();
            if (!job->cancelled)
                writePredictions(job->sessionDir, job->name, job->result.times, job->result.poses);
        } catch (const Error& e) {
            job->error = QString::fromStdString(e.what());
        }
        QMetaObject::invokeMethod(this, &StudioWindow::predictionDone, Qt::QueuedConnection);
    });
    return true;
}

void StudioWindow::cancelPrediction() { m_cancelPredict = true; }

void StudioWindow::predictionDone()
{
    if (m_predictThread.joinable())
        m_predictThread.join();
    m_predictRunning = false;
    const auto job = m_job;
    if (!job->error.isEmpty()) {
        showError(tr("Predict session failed"), job->error);
        Q_EMIT predictionFinished(false, job->error);
        return;
    }
    if (job->cancelled) {
        statusBar()->showMessage(tr("Prediction cancelled; nothing was written"), 5000);
        Q_EMIT predictionFinished(false, tr("cancelled"));
        return;
    }
    const TimeNs cursor = m_cursor_ns;
    const QString folder = QString::fromStdString(job->sessionDir.string());
    if (m_session && m_session->path() == job->sessionDir && openSession(folder))
        setCursor(cursor);
    const QString message = tr("Stored %1 predictions as '%2'").arg(job->result.poses.size()).arg(QString::fromStdString(job->name));
    statusBar()->showMessage(message, 8000);
    Q_EMIT predictionFinished(true, message);
}

void StudioWindow::updateStatus()
{
    if (isLive()) {
        const devices::LiveStats s = m_live->stats();
        QString rates;
        for (int f = 0; f < 2; ++f) {
            const auto& foot = s.source.feet[std::size_t(f)];
            rates += tr("%1 %2 Hz (%3) ")
                         .arg(f == 0 ? "L" : "R")
                         .arg(foot.frameRate_hz, 0, 'f', 1)
                         .arg(foot.connected ? tr("connected") : tr("waiting"));
        }
        m_statusRates->setText(rates + QString::fromLatin1(devices::linkStateName(s.source.state)));
        m_statusDropped->setText(tr("lost %1/%2, dropped %3")
                                     .arg(s.source.feet[0].lost)
                                     .arg(s.source.feet[1].lost)
                                     .arg(s.queueDropped + s.source.dropped));
        std::vector<double> recent(m_liveLatencies.end() - std::min<std::ptrdiff_t>(20, std::ptrdiff_t(m_liveLatencies.size())),
                                   m_liveLatencies.end());
        std::sort(recent.begin(), recent.end());
        m_statusLatency->setText(recent.empty() ? tr("latency –")
                                                : tr("arrival→screen %1 ms (inference %2 ms)")
                                                      .arg(recent[recent.size() / 2], 0, 'f', 0)
                                                      .arg(s.computeLatency_ms, 0, 'f', 0));
        m_recordAct->setEnabled(!s.recording);
        m_stopRecordAct->setEnabled(s.recording);
        m_statusMode->setText(s.recording ? tr("● REC %1  L %2 R %3").arg(s.recordingPath).arg(s.recorded[0]).arg(s.recorded[1])
                                          : tr("live: %1").arg(m_live->url()));
        return;
    }
    m_recordAct->setEnabled(false);
    m_stopRecordAct->setEnabled(false);
    m_statusRates->setText(isPlaying() ? tr("playback %1 fps at %2x").arg(m_playFps, 0, 'f', 1).arg(m_speed) : QString());
    m_statusDropped->clear();
    m_statusLatency->clear();
}

} // namespace insolepose
