#include "ActionRegistry.h"

#include <QAction>
#include <QMenu>
#include <QToolBar>
#include <QWidget>

namespace insolepose {

ActionRegistry::ActionRegistry(QWidget* owner) : QObject(owner), m_owner(owner) {}

QAction* ActionRegistry::add(ActionSpec spec)
{
    Q_ASSERT(!action(spec.id));
    auto* a = new QAction(spec.text, m_owner);
    a->setObjectName(spec.id);
    a->setCheckable(spec.checkable);
    a->setShortcuts(spec.shortcuts);
    a->setShortcutContext(Qt::WindowShortcut);
    if (!spec.help.isEmpty())
        a->setStatusTip(spec.help);
    if (spec.handler)
        connect(a, &QAction::triggered, this, [handler = spec.handler](bool checked) { handler(checked); });
    m_specs.push_back(std::move(spec));
    m_actions.push_back(a);
    return a;
}

QAction* ActionRegistry::action(const QString& id) const
{
    for (std::size_t i = 0; i < m_specs.size(); ++i)
        if (m_specs[i].id == id)
            return m_actions[i];
    return nullptr;
}

void ActionRegistry::fillMenu(QMenu* menu, const QString& menuName) const
{
    for (std::size_t i = 0; i < m_specs.size(); ++i) {
        if (m_specs[i].menu != menuName)
            continue;
        if (m_specs[i].separatorBefore)
            menu->addSeparator();
        menu->addAction(m_actions[i]);
    }
}

void ActionRegistry::fillToolBar(QToolBar* toolbar) const
{
    for (std::size_t i = 0; i < m_specs.size(); ++i)
        if (m_specs[i].toolbar)
            toolbar->addAction(m_actions[i]);
}

QList<QKeySequence> ActionRegistry::shortcuts() const
{
    QList<QKeySequence> out;
    for (const ActionSpec& s : m_specs)
        out += s.shortcuts;
    return out;
}

QString ActionRegistry::shortcutSheet() const
{
    QStringList lines;
    for (const ActionSpec& s : m_specs) {
        if (s.shortcuts.isEmpty())
            continue;
        QStringList keys;
        for (const QKeySequence& k : s.shortcuts)
            keys << k.toString(QKeySequence::NativeText);
        lines << QStringLiteral("%1: %2").arg(keys.join(QStringLiteral(", ")), s.help.isEmpty() ? s.text : s.help);
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace insolepose
