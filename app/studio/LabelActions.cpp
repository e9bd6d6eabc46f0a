// LabelEditor: its rows of the studio's action table (Edit and Labels menus) and the small dialogs
// they open (choose a label, vocabulary and hotkeys, settings, import/export files, undo history).
#include "ActionRegistry.h"
#include "AgreementDialog.h"
#include "LabelEditor.h"
#include "ReviewController.h"
#include "StudioWindow.h"

#include <QAction>
#include <QColorDialog>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QInputDialog>
#include <QPushButton>
#include <QTableWidget>
#include <QUndoStack>
#include <QUndoView>
#include <QVBoxLayout>

#include <algorithm>

namespace insolepose {

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

QList<QKeySequence> keys(QKeyCombination k) { return {QKeySequence(k)}; }

} // namespace

void LabelEditor::defineActions(ActionRegistry& r)
{
    // Edit.
    QAction* undo = r.add({.id = "edit.undo",
                           .menu = "Edit",
                           .text = tr("&Undo"),
                           .shortcuts = keys(Qt::CTRL | Qt::Key_Z),
                           .help = tr("undo the last label edit"),
                           .handler = [this](bool) { m_undo->undo(); }});
    QAction* redo = r.add({.id = "edit.redo",
                           .menu = "Edit",
                           .text = tr("&Redo"),
                           .shortcuts = keys(Qt::CTRL | Qt::SHIFT | Qt::Key_Z),
                           .help = tr("redo"),
                           .handler = [this](bool) { m_undo->redo(); }});
    undo->setEnabled(false);
    redo->setEnabled(false);
    connect(m_undo, &QUndoStack::canUndoChanged, undo, &QAction::setEnabled);
    connect(m_undo, &QUndoStack::canRedoChanged, redo, &QAction::setEnabled);
    r.add({.id = "edit.history", .menu = "Edit", .text = tr("Undo &history"), .handler = [this](bool) {
               showUndoHistory();
           }});

    // Labels: segments.
    const auto row = [&r](const char* id, const QString& text, QKeyCombination key, const QString& help,
                          std::function<void()> f, bool separator = false) {
        r.add({.id = id,
               .menu = "Labels",
               .text = text,
               .shortcuts = keys(key),
               .help = help,
               .handler = [f = std::move(f)](bool) { f(); },
               .separatorBefore = separator});
    };
    row("labels.previous", tr("&Previous label"), Qt::SHIFT | Qt::Key_N, tr("previous label"),
        [this] { jumpToPreviousLabel(); });
    row(
        "labels.split", tr("&Split at cursor"), Qt::Key_S, tr("split the selected segment at the cursor"),
        [this] { splitSelectedAtCursor(); }, true);
    row("labels.merge", tr("&Merge with next"), Qt::Key_M, tr("merge the selected segment with the next"),
        [this] { mergeSelectedWithNext(); });
    row("labels.delete", tr("&Delete segment"), Qt::Key_Delete, tr("delete the selected segment"),
        [this] { deleteSelected(); });
    row("labels.rename", tr("&Rename segment…"), Qt::Key_F2, tr("choose the selected segment's label"),
        [this] { chooseLabelForSelected(); });
    row("labels.startEarlier", tr("Start one frame earlier"), Qt::ALT | Qt::Key_Left,
        tr("selected segment's start one frame earlier"), [this] { nudgeSelected(false, -1); });
    row("labels.startLater", tr("Start one frame later"), Qt::ALT | Qt::Key_Right,
        tr("selected segment's start one frame later"), [this] { nudgeSelected(false, +1); });
    row("labels.endEarlier", tr("End one frame earlier"), Qt::ALT | Qt::SHIFT | Qt::Key_Left,
        tr("selected segment's end one frame earlier"), [this] { nudgeSelected(true, -1); });
    row("labels.endLater", tr("End one frame later"), Qt::ALT | Qt::SHIFT | Qt::Key_Right,
        tr("selected segment's end one frame later"), [this] { nudgeSelected(true, +1); });
    row("labels.loopSelected", tr("&Loop selected segment"), Qt::CTRL | Qt::SHIFT | Qt::Key_L,
        tr("loop the selected segment"), [this] { loopSelected(); });
    row("labels.cancel", tr("Cancel labelling"), Qt::Key_Escape, tr("cancel the segment a label key started"),
        [this] { cancelPendingSegment(); });

    // Labels: tracks, vocabulary, files.
    // These need an open session (a label document).
    const auto plain = [this, &r](const char* id, const QString& text, std::function<void()> f,
                                  bool separator = false) {
        r.add({.id = id,
               .menu = "Labels",
               .text = text,
               .handler =
                   [this, f = std::move(f)](bool) {
                       if (m_store && trackAt(m_active))
                           f();
                   },
               .separatorBefore = separator});
    };
    plain(
        "labels.addTrack", tr("&Add track…"),
        [this] {
            bool ok = false;
            const QString name =
                QInputDialog::getText(&m_window, tr("Add track"), tr("Track (annotator) name:"), QLineEdit::Normal,
                                      tr("annotator %1").arg(m_tracks.size() + 1), &ok);
            if (ok && !name.trimmed().isEmpty())
                addTrack(name.trimmed().toStdString());
        },
        true);
    plain("labels.renameTrack", tr("Re&name track…"), [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(&m_window, tr("Rename track"), tr("Track name:"), QLineEdit::Normal,
                                                   qs(m_tracks[std::size_t(m_active)].name()), &ok);
        if (ok && !name.trimmed().isEmpty())
            renameTrack(m_active, name.trimmed().toStdString());
    });
    plain("labels.hideTrack", tr("&Hide track"), [this] { setTrackHidden(m_active, true); });
    plain("labels.showTracks", tr("Show all &tracks"), [this] {
        for (int i = 0; i < int(m_tracks.size()); ++i)
            if (m_tracks[std::size_t(i)].hidden())
                setTrackHidden(i, false);
    });
    plain("labels.lockTrack", tr("Lock / unlock track"),
          [this] { setTrackLocked(m_active, !m_tracks[std::size_t(m_active)].locked()); });
    plain("labels.deleteTrack", tr("Delete track"), [this] { deleteTrack(m_active); });
    plain("labels.vocabulary", tr("&Vocabulary and hotkeys…"), [this] { editVocabulary(); });
    plain("labels.settings", tr("S&ettings…"), [this] { editSettings(); });
    plain(
        "labels.import", tr("&Import labels…"), [this] { chooseExchangeFile(true); }, true);
    plain("labels.export", tr("E&xport labels…"), [this] { chooseExchangeFile(false); });
    plain(
        "labels.propose", tr("&Propose labels from model"), [this] { proposeFromModel(); }, true);
    plain("labels.agreement", tr("A&greement between tracks…"), [this] {
        if (const Session* session = m_window.review()->session()) {
            AgreementDialog dialog(*session, m_tracks, &m_window);
            dialog.exec();
        }
    });
}

void LabelEditor::showUndoHistory()
{
    if (!m_historyDock) {
        m_historyDock = new QDockWidget(tr("Undo history"), &m_window);
        m_historyDock->setObjectName("dock.undoHistory");
        auto* view = new QUndoView(m_undo, m_historyDock);
        view->setEmptyLabel(tr("(labels as opened)"));
        m_historyDock->setWidget(view);
        m_window.addDockWidget(Qt::RightDockWidgetArea, m_historyDock);
    }
    m_historyDock->show();
    m_historyDock->raise();
}

void LabelEditor::chooseLabelForSelected()
{
    if (!m_selection)
        return;
    const LabelTrack& t = m_tracks[std::size_t(m_selection->first)];
    QStringList labels;
    for (const auto& l : t.vocabulary())
        labels << qs(l);
    const int current = int(labels.indexOf(qs(t.segments()[std::size_t(m_selection->second)].label)));
    bool ok = false;
    const QString label =
        QInputDialog::getItem(&m_window, tr("Rename segment"), tr("Label:"), labels, std::max(0, current), false, &ok);
    if (ok)
        renameSelected(label.toStdString());
}

void LabelEditor::editVocabulary()
{
    const LabelTrack& t = m_tracks[std::size_t(m_active)];
    QDialog dialog(&m_window);
    dialog.setWindowTitle(tr("Vocabulary and hotkeys of %1").arg(qs(t.name())));
    auto* table = new QTableWidget(0, 3, &dialog);
    table->setHorizontalHeaderLabels({tr("label"), tr("hotkey"), tr("colour (#rrggbb)")});
    table->horizontalHeader()->setStretchLastSection(true);
    const auto addRow = [table](const QString& label, const LabelStyle& style) {
        const int r = table->rowCount();
        table->insertRow(r);
        table->setItem(r, 0, new QTableWidgetItem(label));
        table->setItem(r, 1, new QTableWidgetItem(qs(style.hotkey)));
        table->setItem(r, 2, new QTableWidgetItem(qs(style.colour)));
    };
    for (const auto& label : t.vocabulary())
        addRow(qs(label), t.style(label));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    QPushButton* add = buttons->addButton(tr("Add label"), QDialogButtonBox::ActionRole);
    QPushButton* remove = buttons->addButton(tr("Remove label"), QDialogButtonBox::ActionRole);
    connect(add, &QPushButton::clicked, &dialog, [addRow] { addRow(tr("new label"), {}); });
    connect(remove, &QPushButton::clicked, &dialog, [table] { table->removeRow(table->currentRow()); });
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(table);
    layout->addWidget(buttons);
    dialog.resize(420, 360);
    if (dialog.exec() != QDialog::Accepted)
        return;
    std::vector<std::string> vocabulary;
    std::vector<LabelStyle> styles;
    const auto text = [table](int r, int c) {
        return table->item(r, c) ? table->item(r, c)->text().trimmed() : QString();
    };
    for (int r = 0; r < table->rowCount(); ++r) {
        if (text(r, 0).isEmpty())
            continue;
        vocabulary.push_back(text(r, 0).toStdString());
        styles.push_back({text(r, 2).toStdString(), text(r, 1).toStdString()});
    }
    setVocabulary(m_active, vocabulary, styles);
}

void LabelEditor::editSettings()
{
    bool ok = false;
    const double seconds =
        QInputDialog::getDouble(&m_window, tr("Label settings"),
                                tr("Reaction-time compensation (s): a label key marks the cursor minus this time"),
                                reactionTime_s(), 0.0, 2.0, 2, &ok);
    if (ok)
        setReactionTime_s(seconds);
}

void LabelEditor::chooseExchangeFile(bool import)
{
    const QString filter = tr("Labels (*.csv *.json *.eaf)");
    // Export offers one filter per format; a name typed without an extension gets the chosen one.
    const QStringList exportFilters{tr("ELAN (*.eaf)"), tr("CSV (*.csv)"), tr("JSON (*.json)")};
    QString chosen;
    QString file = import ? QFileDialog::getOpenFileName(&m_window, tr("Import labels"), {}, filter)
                          : QFileDialog::getSaveFileName(&m_window, tr("Export labels"), {},
                                                         exportFilters.join(QStringLiteral(";;")), &chosen);
    if (file.isEmpty())
        return;
    if (!import && QFileInfo(file).suffix().isEmpty()) {
        const qsizetype i = std::max<qsizetype>(0, exportFilters.indexOf(chosen));
        file += QStringList{QStringLiteral(".eaf"), QStringLiteral(".csv"), QStringLiteral(".json")}[i];
    }
    if (import)
        importFile(file);
    else
        exportFile(file);
}

} // namespace insolepose
