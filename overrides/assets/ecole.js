// École de l'innovation publique — quiz and progress (localStorage only).
