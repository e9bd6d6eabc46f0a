#pragma once
// The studio's actions, each written once: id, menu, text, shortcuts, help text and handler. The
// registry makes the QActions that menus and the toolbar show and the keyboard shortcut sheet
// (Help > Keyboard shortcuts), so a shortcut is defined in one place.
#include <QKeySequence>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <vector>

class QAction;
class QMenu;
class QToolBar;
class QWidget;

namespace insolepose {

/// One row of the action table.
struct ActionSpec {
    QString id; ///< "playback.play"; unique.
    QString menu; ///< The menu it belongs to: "File", "Playback", "View", "Live", "Help".
    QString text;
    QList<QKeySequence> shortcuts{};
    QString help{}; ///< What the shortcut does, for the shortcut sheet.
    std::function<void(bool checked)> handler{};
    bool toolbar = false; ///< Also on the transport toolbar.
    bool checkable = false;
    bool separatorBefore = false; ///< In its menu.
};

/// Creates and holds the studio's QActions from the table. Reports no errors: an unknown id gives
/// nullptr, a duplicate id is a programming error (Q_ASSERT).
class ActionRegistry : public QObject {
    Q_OBJECT
public:
    /// Actions are children of `owner` with window-wide shortcuts.
    explicit ActionRegistry(QWidget* owner);

    QAction* add(ActionSpec spec);
    QAction* action(const QString& id) const;
    const std::vector<ActionSpec>& specs() const { return m_specs; }

    /// Adds the actions of `menuName` to `menu`, in table order.
    void fillMenu(QMenu* menu, const QString& menuName) const;
    /// Adds the toolbar actions, in table order.
    void fillToolBar(QToolBar* toolbar) const;
    /// Every shortcut of every action.
    QList<QKeySequence> shortcuts() const;
    /// One line per action with a shortcut: "Space: play / pause".
    QString shortcutSheet() const;

private:
    QWidget* m_owner;
    std::vector<ActionSpec> m_specs;
    std::vector<QAction*> m_actions; ///< Parallel to m_specs.
};

} // namespace insolepose
