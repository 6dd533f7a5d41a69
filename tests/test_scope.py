from doanvu.accounts import scope


def test_an_officer_sees_their_unit_and_everything_under_it(tree, people):
    assert scope.in_scope(people.above, tree.branch_a1)
    assert scope.in_scope(people.own, tree.branch_a1)
    assert not scope.in_scope(people.own, tree.grassroots_a)


def test_a_sibling_officer_sees_nothing_of_the_branch_next_door(tree, people):
    assert not scope.in_scope(people.sibling, tree.branch_a1)
    assert not scope.in_scope(people.other_district, tree.branch_a1)
    assert list(scope.scope_units(people.sibling)) == [tree.branch_a2]


def test_a_viewer_sees_but_cannot_edit(tree, people):
    assert scope.in_scope(people.viewer, tree.branch_b1)
    assert not scope.has_role(people.viewer, tree.branch_b1, scope.EDIT)


def test_only_an_officer_above_may_restructure_a_unit(tree, people):
    assert scope.can_restructure(people.above, tree.branch_a1)
    assert not scope.can_restructure(people.own, tree.branch_a1)
    assert not scope.can_restructure(people.viewer, tree.branch_a1)
    assert scope.can_restructure(people.admin, tree.province)


def test_a_user_without_an_officer_record_sees_nothing(tree, people):
    assert not scope.scope_units(people.nobody).exists()
