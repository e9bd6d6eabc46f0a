#include "StudioWindow.h"

#include "AboutDialog.h"
#include "ActionRegistry.h"
#include "ComparisonDock.h"
#include "GaitDock.h"
#include "LabelEditor.h"
#include "LiveController.h"
#include "PredictionController.h"
#include "ReviewController.h"
#include "StudioPanels.h"
#include "insolepose/Session.h"
#include "insolepose/Version.h"
#include "insolepose/widgets/HeatmapWidget.h"
#include "insolepose/widgets/TimelineWidget.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDesktopServices>
#include <QDialog>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLoggingCategory>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>
#include <QUrl>

#include <algorithm>

Q_LOGGING_CATEGORY(lcStudio, "insolepose.studio")

namespace insolepose {

StudioWindow::StudioWindow(QWidget* parent) : QMainWindow(parent)
{
    setWindowTitle(tr("InsolePose Studio"));
    setAcceptDrops(true);
    m_panels = std::make_unique<StudioPanels>(this);
    m_clock = std::make_unique<PlaybackClock>();
    m_review = std::make_unique<ReviewController>(*m_panels, *m_clock);
    m_prediction = std::make_unique<PredictionController>(*m_review, *m_clock, this);
    m_live = std::make_unique<LiveController>(*m_panels, *m_review, *m_prediction, *m_clock, this);
    m_labelEditor = new LabelEditor(*this);
    m_comparison = new ComparisonDock(*this);
    m_gait = new GaitDock(*this);
    m_actions = new ActionRegistry(this);
    defineActions();
    buildMenusAndTransport();
    connectParts();

    // The default size, on a small screen (1366x768) no larger than it, with room for the frame.
    resize(QSize(1440, 900).boundedTo(screen()->availableGeometry().size() - QSize(16, 48)));
    m_panels->applyDefaultSizes();
    m_defaultState = saveState();
    QSettings settings;
    restoreGeometry(settings.value("window/geometry").toByteArray());
    restoreState(settings.value("window/state").toByteArray());

    m_playTimer = new QTimer(this);
    m_playTimer->setInterval(15);
    m_playTimer->setTimerType(Qt::PreciseTimer);
    connect(m_playTimer, &QTimer::timeout, this, &StudioWindow::tick);
    m_statusTimer = new QTimer(this);
    m_statusTimer->setInterval(500);
    connect(m_statusTimer, &QTimer::timeout, this, &StudioWindow::updateStatus);
    m_statusTimer->start();
    // Every dialog of this window (modal or not, ours or Qt's) hands the keys back when it closes.
    qApp->installEventFilter(this);
    statusBar()->showMessage(tr("Open a session folder with File > Open, drop one here, or connect insoles (Live)"));
}

StudioWindow::~StudioWindow()
{
    qApp->removeEventFilter(this);
    // The parts outlive this window's slots: nothing they signal from now on reaches it.
    for (QObject* part :
         std::initializer_list<QObject*>{m_clock.get(), m_review.get(), m_prediction.get(), m_live.get()})
        disconnect(part, nullptr, this, nullptr);
    m_live->disconnectLive();
}

void StudioWindow::connectParts()
{
    const auto status = [this](const QString& message, int timeout_ms) {
        statusBar()->showMessage(message, timeout_ms);
    };
    connect(m_review.get(), &ReviewController::errorOccurred, this, &StudioWindow::showError);
    connect(m_review.get(), &ReviewController::statusMessage, this, status);
    connect(m_prediction.get(), &PredictionController::errorOccurred, this, &StudioWindow::showError);
    connect(m_prediction.get(), &PredictionController::statusMessage, this, status);
    connect(m_live.get(), &LiveController::errorOccurred, this, &StudioWindow::showError);
    connect(m_live.get(), &LiveController::statusMessage, this, status);
    connect(m_live.get(), &LiveController::liveWarning, this, [this](const QString& m) {
        m_lastError = m;
        statusBar()->showMessage(tr("Live: %1").arg(m), 8000);
    });

    m_review->setReplaceQuestion([this](const QString& folder) {
        return m_live->endLiveForAction(tr("Open %1").arg(QFileInfo(folder).fileName()));
    });
    connect(m_review.get(), &ReviewController::aboutToReplaceSession, this, [this] {
        m_clock->pause();
        if (m_live->isLive())
            m_live->disconnectLive();
    });
    connect(m_review.get(), &ReviewController::sessionOpened, this, [this] {
        m_lastError.clear();
        setWindowTitle(tr("InsolePose Studio — %1").arg(QString::fromStdString(m_review->session()->metadata().id)));
        rebuildStepBox();
    });
    connect(m_review.get(), &ReviewController::recentChanged, this, &StudioWindow::rebuildRecentMenu);
    connect(m_live.get(), &LiveController::liveStopped, this, [this] {
        m_clock->setEnabled(m_review->session() != nullptr);
        m_review->restoreReviewView();
    });

    connect(m_clock.get(), &PlaybackClock::playingChanged, this, [this](bool playing) {
        m_actions->action("playback.play")->setText(playing ? tr("Pause") : tr("Play"));
        if (!playing) {
            m_playTimer->stop();
            return;
        }
        m_lastTick_ns = hostClock_ns();
        m_fpsWindowStart_ns = m_lastTick_ns;
        m_framesAtWindowStart = m_review->framesShown();
        m_playTimer->start();
    });
    connect(m_clock.get(), &PlaybackClock::speedChanged, this, &StudioWindow::showSpeed);
    connect(m_clock.get(), &PlaybackClock::loopChanged, this, [this] {
        m_panels->timeline()->setLoop(m_clock->loop());
        m_actions->action("playback.loop")->setChecked(m_clock->loop().has_value());
    });
    TimelineWidget* timeline = m_panels->timeline();
    connect(timeline, &TimelineWidget::loopChanged, this, [this, timeline] {
        m_clock->setLoop(timeline->loop());
        m_actions->action("playback.loop")->setChecked(timeline->loop().has_value());
    });
    connect(timeline, &TimelineWidget::seekRequested, m_clock.get(), &PlaybackClock::setCursor);
}

bool StudioWindow::openSession(const QString& folder) { return m_review->openSession(folder); }

std::vector<StepTarget> StudioWindow::stepStreams() const { return m_stepTargets; }

void StudioWindow::setStepStream(StepTarget target)
{
    const auto it = std::find(m_stepTargets.begin(), m_stepTargets.end(), target);
    const int i = it == m_stepTargets.end() ? 0 : int(it - m_stepTargets.begin());
    m_stepBox->setCurrentIndex(i);
    if (std::size_t(i) < m_stepTargets.size())
        m_clock->setStepStream(m_stepTargets[std::size_t(i)]);
}

void StudioWindow::rebuildStepBox()
{
    const StepTarget previous = m_clock->stepStream();
    const QSignalBlocker block(m_stepBox);
    m_stepBox->clear();
    m_stepTargets.clear();
    for (const auto& [name, target] : m_review->stepTargets()) {
        m_stepBox->addItem(name);
        m_stepTargets.push_back(target);
    }
    setStepStream(previous);
}

void StudioWindow::setLoopRange(std::optional<std::pair<TimeNs, TimeNs>> range) { m_clock->setLoop(range); }

void StudioWindow::toggleLoop(bool on)
{
    if (on && !m_clock->loop()) {
        // Loop the label under the cursor, else the visible part of the timeline.
        const auto label = m_review->labelRangeAt(m_clock->cursor_ns());
        setLoopRange(label ? label : std::optional(m_panels->timeline()->view()));
    } else if (!on) {
        setLoopRange(std::nullopt);
    }
}

void StudioWindow::setOverlay(bool on)
{
    m_actions->action("view.overlay")->setChecked(on);
    m_review->setOverlay(on);
}

void StudioWindow::setErrorColouring(bool on)
{
    m_actions->action("view.errors")->setChecked(on);
    m_review->setErrorColouring(on);
}

void StudioWindow::setInterpolation(bool on)
{
    m_actions->action("view.interpolate")->setChecked(on);
    for (Foot foot : kFeet)
        m_panels->heatmap(foot)->setInterpolated(on);
}

void StudioWindow::resetLayout()
{
    restoreState(m_defaultState);
    for (QDockWidget* d : docks()) {
        d->setFloating(false);
        d->show();
    }
}

HeatmapWidget* StudioWindow::heatmap(Foot foot) const { return m_panels->heatmap(foot); }
SkeletonView* StudioWindow::groundTruthView() const { return m_panels->groundTruthView(); }
SkeletonView* StudioWindow::predictionView() const { return m_panels->predictionView(); }
TimelineWidget* StudioWindow::timeline() const { return m_panels->timeline(); }
VideoPanel* StudioWindow::videoPanel() const { return m_panels->videoPanel(); }
QList<QDockWidget*> StudioWindow::docks() const { return m_panels->docks(); }
QImage StudioWindow::grabWindow() const { return m_panels->grabWindow(); }

void StudioWindow::tick()
{
    const TimeNs now = hostClock_ns();
    m_clock->tick(now - m_lastTick_ns);
    m_lastTick_ns = now;
    if (now - m_fpsWindowStart_ns >= kNsPerSecond) {
        m_playFps = double(m_review->framesShown() - m_framesAtWindowStart) * 1e9 / double(now - m_fpsWindowStart_ns);
        m_framesAtWindowStart = m_review->framesShown();
        m_fpsWindowStart_ns = now;
    }
}

void StudioWindow::updateStatus()
{
    QAction* record = m_actions->action("live.record");
    QAction* stop = m_actions->action("live.stopRecording");
    if (m_live->isLive()) {
        const LiveController::Status s = m_live->status();
        m_panels->statusRates()->setText(s.rates);
        m_panels->statusDropped()->setText(s.dropped);
        m_panels->statusLatency()->setText(s.latency);
        m_panels->statusMode()->setText(s.mode);
        record->setEnabled(!s.recording);
        stop->setEnabled(s.recording);
        return;
    }
    record->setEnabled(false);
    stop->setEnabled(false);
    m_panels->statusRates()->setText(m_clock->isPlaying()
                                         ? tr("playback %1 fps at %2x").arg(m_playFps, 0, 'f', 1).arg(m_clock->speed())
                                         : QString());
    m_panels->statusDropped()->clear();
    m_panels->statusLatency()->clear();
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

void StudioWindow::chooseSession()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open session folder"));
    if (!dir.isEmpty())
        openSession(dir);
}

void StudioWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = ReviewController::recentSessions();
    for (const QString& r : recent)
        m_recentMenu->addAction(r, this, [this, r] { openSession(r); });
    m_recentMenu->setEnabled(!recent.isEmpty());
}

QStringList StudioWindow::userGuideCandidates()
{
    // INSOLEPOSE_SOURCE_MODELS is the source tree's resources/models (app/CMakeLists.txt).
    return {QDir::cleanPath(QCoreApplication::applicationDirPath() + "/../share/doc/insolepose-studio/USER_GUIDE.md"),
            QDir::cleanPath(QStringLiteral(INSOLEPOSE_SOURCE_MODELS "/../../docs/USER_GUIDE.md"))};
}

QString StudioWindow::userGuidePath(const QStringList& candidates)
{
    for (const QString& path : candidates)
        if (QFileInfo(path).isFile())
            return path;
    return {};
}

void StudioWindow::openUserGuide()
{
    const QStringList candidates = userGuideCandidates();
    const QString path = userGuidePath(candidates);
    if (path.isEmpty())
        showError(tr("User guide"),
                  tr("The user guide was not found; looked for %1").arg(candidates.join(tr(" and "))));
    else if (!QDesktopServices::openUrl(QUrl::fromLocalFile(path)))
        showError(tr("User guide"), tr("No program could open the user guide %1").arg(path));
}

QString StudioWindow::shortcutSheet() const
{
    const QString labelKeys = m_labelEditor->hotkeySheet();
    return labelKeys.isEmpty() ? m_actions->shortcutSheet() : m_actions->shortcutSheet() + "\n\n" + labelKeys;
}

void StudioWindow::showShortcuts()
{
    auto* box =
        new QMessageBox(QMessageBox::Information, tr("Keyboard shortcuts"), shortcutSheet(), QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void StudioWindow::showAbout()
{
    AboutDialog dialog(this);
    dialog.exec();
}

bool StudioWindow::eventFilter(QObject* watched, QEvent* event)
{
    // Without this, the playback and label keys did nothing after a dialog closed until the user
    // clicked into the window (the window manager, or none, left no window active).
    if (event->type() == QEvent::Hide && watched != this && watched->isWidgetType()) {
        const auto* widget = static_cast<QWidget*>(watched);
        if (widget->isWindow() && qobject_cast<const QDialog*>(widget) && widget->parentWidget() &&
            widget->parentWidget()->window() == this)
            QTimer::singleShot(0, this, &StudioWindow::restoreKeyboard);
    }
    return QMainWindow::eventFilter(watched, event);
}

void StudioWindow::restoreKeyboard()
{
    if (!isVisible() || QApplication::activeModalWidget())
        return; // closing, or another dialog is still open: it keeps the keys
    if (QWidget* active = QApplication::activeWindow(); active && active != this && active->isVisible())
        return; // the user is in another of our windows (a floating dock, a non-modal dialog)
    activateWindow();
    if (!focusWidget() || !focusWidget()->isVisible())
        centralWidget()->setFocus(Qt::OtherFocusReason);
}

void StudioWindow::closeEvent(QCloseEvent* event)
{
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState());
    m_live->stopRecording(false); // close the session cleanly: nothing recorded is lost
    QMainWindow::closeEvent(event);
}

void StudioWindow::dragEnterEvent(QDragEnterEvent* event)
{
    const QMimeData* mime = event->mimeData();
    if (mime->hasUrls() && mime->urls().size() == 1 && mime->urls()[0].isLocalFile())
        event->acceptProposedAction();
}

void StudioWindow::dropEvent(QDropEvent* event)
{
    const QString path = event->mimeData()->urls().value(0).toLocalFile();
    const QFileInfo info(path);
    openSession(info.isDir() ? path : info.path());
}

} // namespace insolepose
