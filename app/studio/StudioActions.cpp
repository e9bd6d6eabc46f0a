// StudioWindow: the table of every studio action (menus, transport toolbar, shortcuts, the
// shortcut sheet) and the menus and toolbar built from it. docs/STUDIO.md's "Keyboard" table lists
// every shortcut here (test_studio checks it).
#include "ActionRegistry.h"
#include "ComparisonDock.h"
#include "GaitDock.h"
#include "LabelEditor.h"
#include "LiveController.h"
#include "PredictionController.h"
#include "ReviewController.h"
#include "SettingsDialog.h"
#include "StudioPanels.h"
#include "StudioWindow.h"
#include "SyncDialog.h"
#include "insolepose/widgets/SkeletonView.h"
#include "insolepose/widgets/TimelineWidget.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>
#include <QToolBar>

#include <algorithm>
#include <array>
#include <cmath>

namespace insolepose {

namespace {

constexpr std::array kSpeeds{0.1, 0.25, 0.5, 1.0, 2.0, 4.0};

/// The index of the preset speed nearest to `speed` (the first of two equally near).
std::size_t nearestSpeedIndex(double speed)
{
    std::size_t best = 0;
    for (std::size_t i = 0; i < kSpeeds.size(); ++i)
        if (std::abs(kSpeeds[i] - speed) < std::abs(kSpeeds[best] - speed))
            best = i;
    return best;
}

} // namespace

void StudioWindow::defineActions()
{
    ActionRegistry& r = *m_actions;
    PlaybackClock* clock = m_clock.get();
    LiveController* live = m_live.get();
    const auto presetSpeed = [clock](double factor) {
        clock->setSpeed(kSpeeds[nearestSpeedIndex(clock->speed() * factor)]);
    };
    const auto keys = [](QKeyCombination k) { return QList<QKeySequence>{QKeySequence(k)}; };

    // File.
    r.add({.id = "file.open",
           .menu = "File",
           .text = tr("&Open session…"),
           .shortcuts = keys(Qt::CTRL | Qt::Key_O),
           .help = tr("open a session folder"),
           .handler = [this](bool) { chooseSession(); }});
    r.add({.id = "file.chooseModel", .menu = "File", .text = tr("Choose &model…"), .handler = [this](bool) {
               m_prediction->chooseModel();
           }});
    r.add({.id = "file.predict",
           .menu = "File",
           .text = tr("&Predict session"),
           .shortcuts = keys(Qt::CTRL | Qt::Key_P),
           .help = tr("predict session"),
           .handler = [this](bool) { m_prediction->predictSession(); }});
    r.add({.id = "file.quit",
           .menu = "File",
           .text = tr("&Quit"),
           .shortcuts = keys(Qt::CTRL | Qt::Key_Q),
           .help = tr("quit"),
           .handler = [this](bool) { close(); },
           .separatorBefore = true});

    // Playback (the toolbar shows those marked so, in this order).
    r.add({.id = "playback.start",
           .menu = "Playback",
           .text = tr("|◀ Start"),
           .shortcuts = keys(Qt::Key_Home),
           .help = tr("start"),
           .handler = [clock](bool) { clock->jumpToStart(); },
           .toolbar = true});
    r.add({.id = "playback.back1s",
           .menu = "Playback",
           .text = tr("◀◀ 1 s"),
           .shortcuts = keys(Qt::SHIFT | Qt::Key_Left),
           .help = tr("one second back"),
           .handler = [clock](bool) { clock->setCursor(clock->cursor_ns() - kNsPerSecond); }});
    r.add({.id = "playback.stepBack",
           .menu = "Playback",
           .text = tr("◀ Step"),
           .shortcuts = keys(Qt::Key_Left),
           .help = tr("one frame of the chosen stream back"),
           .handler = [clock](bool) { clock->stepFrame(-1); },
           .toolbar = true});
    r.add({.id = "playback.play",
           .menu = "Playback",
           .text = tr("Play"),
           .shortcuts = keys(Qt::Key_Space),
           .help = tr("play / pause"),
           .handler = [clock](bool) { clock->togglePlay(); },
           .toolbar = true});
    r.add({.id = "playback.stepForward",
           .menu = "Playback",
           .text = tr("Step ▶"),
           .shortcuts = keys(Qt::Key_Right),
           .help = tr("one frame of the chosen stream forward"),
           .handler = [clock](bool) { clock->stepFrame(+1); },
           .toolbar = true});
    r.add({.id = "playback.forward1s",
           .menu = "Playback",
           .text = tr("1 s ▶▶"),
           .shortcuts = keys(Qt::SHIFT | Qt::Key_Right),
           .help = tr("one second forward"),
           .handler = [clock](bool) { clock->setCursor(clock->cursor_ns() + kNsPerSecond); }});
    r.add({.id = "playback.nextLabel",
           .menu = "Playback",
           .text = tr("Next label ▶|"),
           .shortcuts = keys(Qt::Key_N),
           .help = tr("next label"),
           .handler = [clock](bool) { clock->jumpToNextLabel(); },
           .toolbar = true});
    r.add({.id = "playback.end",
           .menu = "Playback",
           .text = tr("End ▶|"),
           .shortcuts = keys(Qt::Key_End),
           .help = tr("end"),
           .handler = [clock](bool) { clock->jumpToEnd(); },
           .toolbar = true});
    // J/K/L as in video editors: slower, pause, play (again: faster).
    r.add({.id = "playback.slower",
           .menu = "Playback",
           .text = tr("Slower (J)"),
           .shortcuts = keys(Qt::Key_J),
           .help = tr("slower"),
           .handler = [presetSpeed](bool) { presetSpeed(0.5); }});
    r.add({.id = "playback.pause",
           .menu = "Playback",
           .text = tr("Pause (K)"),
           .shortcuts = keys(Qt::Key_K),
           .help = tr("pause"),
           .handler = [clock](bool) { clock->pause(); }});
    r.add({.id = "playback.faster",
           .menu = "Playback",
           .text = tr("Play / faster (L)"),
           .shortcuts = keys(Qt::Key_L),
           .help = tr("play (again: faster)"),
           .handler = [clock, presetSpeed](bool) {
               if (clock->isPlaying())
                   presetSpeed(2.0);
               else
                   clock->play();
           }});
    r.add({.id = "playback.loop",
           .menu = "Playback",
           .text = tr("Loop"),
           .shortcuts = keys(Qt::CTRL | Qt::Key_L),
           .help = tr("loop the label under the cursor (or the visible range)"),
           .handler = [this](bool on) { toggleLoop(on); },
           .toolbar = true,
           .checkable = true});

    // View (after the panels' show/hide entries).
    const std::array<std::tuple<const char*, QString, SkeletonView::Preset>, 4> presets{
        {{"view.cameraDefault", tr("Camera: default"), SkeletonView::Preset::Default},
         {"view.cameraFront", tr("Camera: front"), SkeletonView::Preset::Front},
         {"view.cameraSide", tr("Camera: side"), SkeletonView::Preset::Side},
         {"view.cameraTop", tr("Camera: top"), SkeletonView::Preset::Top}}};
    int digit = Qt::Key_1;
    for (const auto& [id, name, preset] : presets)
        r.add({.id = id,
               .menu = "View",
               .text = name,
               .shortcuts = keys(Qt::ALT | Qt::Key(digit++)),
               .help = name.toLower(),
               .handler = [this, p = preset](bool) { m_panels->groundTruthView()->setPreset(p); },
               .separatorBefore = preset == SkeletonView::Preset::Default});
    r.add({.id = "view.overlay",
           .menu = "View",
           .text = tr("&Overlay prediction on ground truth"),
           .shortcuts = keys(Qt::Key_O),
           .help = tr("overlay the prediction on the ground truth"),
           .handler = [this](bool on) { setOverlay(on); },
           .checkable = true,
           .separatorBefore = true});
    r.add({.id = "view.errors",
           .menu = "View",
           .text = tr("Colour joints by &error"),
           .shortcuts = keys(Qt::Key_E),
           .help = tr("colour joints by error"),
           .handler = [this](bool on) { setErrorColouring(on); },
           .checkable = true});
    r.add({.id = "view.interpolate",
           .menu = "View",
           .text = tr("Smooth (interpolated) pressure"),
           .handler = [this](bool on) { setInterpolation(on); },
           .checkable = true});
    r.add({.id = "view.resetLayout",
           .menu = "View",
           .text = tr("&Reset layout"),
           .handler = [this](bool) { resetLayout(); },
           .separatorBefore = true});

    // Live.
    r.add({.id = "live.connect", .menu = "Live", .text = tr("&Connect insoles…"), .handler = [live](bool) {
               live->showConnectDialog();
           }});
    r.add({.id = "live.simulator", .menu = "Live", .text = tr("Start &simulator and connect"), .handler = [live](bool) {
               live->startSimulator();
           }});
    r.add({.id = "live.camera", .menu = "Live", .text = tr("Connect c&amera…"), .handler = [live](bool) {
               live->showCameraDialog();
           }});
    r.add({.id = "live.calibrate",
           .menu = "Live",
           .text = tr("C&alibrate (step off the insoles, 2 s)"),
           .handler = [live](bool) { live->calibrate(); }});
    r.add({.id = "live.record",
           .menu = "Live",
           .text = tr("&Record…"),
           .shortcuts = keys(Qt::CTRL | Qt::Key_R),
           .help = tr("record"),
           .handler = [live](bool) { live->showRecordDialog(); },
           .separatorBefore = true});
    r.add({.id = "live.stopRecording", .menu = "Live", .text = tr("S&top recording"), .handler = [this, live](bool) {
               const QString path = live->stopRecording();
               if (!path.isEmpty())
                   statusBar()->showMessage(tr("Recorded %1").arg(path), 8000);
           }});
    r.add({.id = "live.disconnect",
           .menu = "Live",
           .text = tr("&Disconnect"),
           .handler = [live](bool) { live->requestDisconnect(); },
           .separatorBefore = true});

    // Edit and Labels (LabelEditor), Analysis (ComparisonDock, GaitDock): each part defines its own rows.
    m_labelEditor->defineActions(r);
    m_comparison->defineActions(r);
    m_gait->defineActions(r);
    r.add({.id = "analysis.sync", .menu = "Analysis", .text = tr("S&ynchronise streams…"), .handler = [this](bool) {
               SyncDialog(*m_review, this).exec();
           }});

    r.add({.id = "help.guide",
           .menu = "Help",
           .text = tr("&User guide"),
           .shortcuts = keys(Qt::Key_F1),
           .help = tr("user guide"),
           .handler = [this](bool) { openUserGuide(); }});
    r.add({.id = "help.shortcuts", .menu = "Help", .text = tr("&Keyboard shortcuts"), .handler = [this](bool) {
               showShortcuts();
           }});
    r.add({.id = "edit.settings",
           .menu = "Edit",
           .text = tr("&Settings…"),
           .handler =
               [this](bool) {
                   SettingsDialog dialog(this);
                   if (dialog.exec() == QDialog::Accepted && dialog.apply())
                       statusBar()->showMessage(tr("The new language applies when the studio starts again"), 8000);
               },
           .separatorBefore = true});
    r.add({.id = "help.about", .menu = "Help", .text = tr("&About"), .handler = [this](bool) { showAbout(); }});
}

void StudioWindow::buildMenusAndTransport()
{
    auto* file = menuBar()->addMenu(tr("&File"));
    m_actions->fillMenu(file, "File");
    m_recentMenu = new QMenu(tr("Open &recent"), file);
    file->insertMenu(m_actions->action("file.chooseModel"), m_recentMenu);
    file->insertSeparator(m_actions->action("file.chooseModel"));
    rebuildRecentMenu();

    auto* transport = addToolBar(tr("Transport"));
    transport->setObjectName("toolbar.transport");
    m_actions->fillMenu(menuBar()->addMenu(tr("&Edit")), "Edit");
    m_actions->fillMenu(menuBar()->addMenu(tr("&Playback")), "Playback");
    m_actions->fillMenu(menuBar()->addMenu(tr("&Labels")), "Labels");
    m_actions->fillToolBar(transport);
    // Play and Pause get the same width, so that the buttons after it never move (issue 11).
    QAction* play = m_actions->action("playback.play");
    if (QWidget* button = transport->widgetForAction(play)) {
        int width = 0;
        for (const QString& text : {tr("Pause"), tr("Play")}) {
            play->setText(text);
            width = std::max(width, button->sizeHint().width());
        }
        button->setFixedWidth(width);
    }
    transport->addSeparator();
    transport->addWidget(new QLabel(tr(" Speed "), this));
    m_speedBox = new QComboBox(this);
    for (double s : kSpeeds)
        m_speedBox->addItem(QStringLiteral("%1x").arg(s), s);
    m_speedBox->setCurrentIndex(int(nearestSpeedIndex(m_clock->speed())));
    m_speedBox->setFocusPolicy(Qt::NoFocus); // arrows and Space belong to the transport
    connect(m_speedBox, &QComboBox::activated, this, [this](int i) { m_clock->setSpeed(kSpeeds[std::size_t(i)]); });
    transport->addWidget(m_speedBox);
    transport->addWidget(new QLabel(tr(" Step along "), this));
    m_stepBox = new QComboBox(this);
    m_stepBox->setFocusPolicy(Qt::NoFocus);
    connect(m_stepBox, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (i >= 0 && std::size_t(i) < m_stepTargets.size())
            m_clock->setStepStream(m_stepTargets[std::size_t(i)]);
    });
    transport->addWidget(m_stepBox);
    transport->addSeparator();
    transport->addWidget(m_panels->timeLabel());

    auto* view = menuBar()->addMenu(tr("&View"));
    for (QDockWidget* d : m_panels->docks())
        view->addAction(d->toggleViewAction());
    view->addAction(transport->toggleViewAction());
    m_actions->fillMenu(view, "View");
    m_actions->fillMenu(menuBar()->addMenu(tr("&Analysis")), "Analysis");
    m_actions->fillMenu(menuBar()->addMenu(tr("&Live")), "Live");
    m_actions->fillMenu(menuBar()->addMenu(tr("&Help")), "Help");
}

void StudioWindow::showSpeed(double speed) { m_speedBox->setCurrentIndex(int(nearestSpeedIndex(speed))); }

} // namespace insolepose
